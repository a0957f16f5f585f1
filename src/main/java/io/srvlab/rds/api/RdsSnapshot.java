package io.srvlab.rds.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.Annotations;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A read-only snapshot of an RdsVolume on its RDS. Namespaced: the volume must be in the same namespace. */
@Group(RdsPoolConfig.GROUP)
@Version(RdsPoolConfig.VERSION)
@ShortNames("rdss")
@Categories(RdsPoolConfig.CATEGORY)
@Annotations({RdsPoolConfig.HELM_KEEP, RdsPoolConfig.ARGOCD_NO_PRUNE})
@AdditionalPrinterColumn(
        name = "Source",
        jsonPath = ".spec.source.volumeName",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "ReadyToUse",
        jsonPath = ".status.readyToUse",
        type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
        name = "RestoreSize",
        jsonPath = ".status.restoreSize",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Reason",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "RdsName",
        jsonPath = ".status.rdsName",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class RdsSnapshot extends CustomResource<RdsSnapshotSpec, RdsSnapshotStatus> implements Namespaced {

    @Override
    @JsonPropertyDescription("The snapshot wanted: of which volume, and what happens to it on delete.")
    public RdsSnapshotSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator observed of this snapshot on the RDS. Written by the operator only.")
    public RdsSnapshotStatus getStatus() {
        return super.getStatus();
    }
}
