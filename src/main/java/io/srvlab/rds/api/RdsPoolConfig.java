package io.srvlab.rds.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.Annotations;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One RDS server and its shared SSH session pool. Cluster-scoped, like a StorageClass. */
@Group(RdsPoolConfig.GROUP)
@Version(RdsPoolConfig.VERSION)
@ShortNames("rdspc")
@Categories(RdsPoolConfig.CATEGORY)
@Annotations({RdsPoolConfig.HELM_KEEP, RdsPoolConfig.ARGOCD_NO_PRUNE})
@AdditionalPrinterColumn(
        name = "Address",
        jsonPath = ".spec.server.address",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Circuit",
        jsonPath = ".status.circuitState",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Active", jsonPath = ".status.pool.active", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Idle", jsonPath = ".status.pool.idle", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Free",
        jsonPath = ".status.server.capacity.freeBytes",
        type = AdditionalPrinterColumn.Type.INTEGER,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Orphans",
        jsonPath = ".status.inventory.orphans.count",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Foreign",
        jsonPath = ".status.inventory.foreign.count",
        type = AdditionalPrinterColumn.Type.INTEGER,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class RdsPoolConfig extends CustomResource<RdsPoolConfigSpec, RdsPoolConfigStatus> {
    public static final String GROUP = "rds.srvlab.io";
    public static final String VERSION = "v1alpha1";
    /** {@code kubectl get rds} lists both kinds. */
    public static final String CATEGORY = "rds";
    /*
     * Deleting a CRD deletes every object of its kind, and with deletionPolicy Delete every disk: neither
     * `helm uninstall` nor an Argo CD prune may do that (see docs/upgrade.md).
     */
    static final String HELM_KEEP = "helm.sh/resource-policy=keep";
    static final String ARGOCD_NO_PRUNE = "argocd.argoproj.io/sync-options=Prune=false";

    @Override
    @JsonPropertyDescription("One RDS server and how the operator talks to it; changes are applied to the live pool"
            + " without a restart.")
    public RdsPoolConfigSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription(
            "What the operator observed of this RDS server and its pool. Written by the operator" + " only.")
    public RdsPoolConfigStatus getStatus() {
        return super.getStatus();
    }
}
