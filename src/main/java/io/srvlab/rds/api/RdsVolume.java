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

/** A volume on an RDS server. Namespaced. */
@Group(RdsPoolConfig.GROUP)
@Version(RdsPoolConfig.VERSION)
@ShortNames("rdsv")
@Categories(RdsPoolConfig.CATEGORY)
@Annotations({RdsPoolConfig.HELM_KEEP, RdsPoolConfig.ARGOCD_NO_PRUNE})
@AdditionalPrinterColumn(name = "Pool", jsonPath = ".spec.poolConfigName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Size", jsonPath = ".spec.size", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Reason",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Capacity", jsonPath = ".status.capacity", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Slot",
        jsonPath = ".status.slot",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(
        name = "NQN",
        jsonPath = ".status.nqn",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class RdsVolume extends CustomResource<RdsVolumeSpec, RdsVolumeStatus> implements Namespaced {

    @Override
    @JsonPropertyDescription("The volume wanted: which RDS, how big, and what happens to the disk on delete.")
    public RdsVolumeSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator observed of this volume on the RDS. Written by the operator only.")
    public RdsVolumeStatus getStatus() {
        return super.getStatus();
    }
}
