package io.srvlab.rds.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A volume on an RDS server. Namespaced. */
@Group(RdsPoolConfig.GROUP)
@Version(RdsPoolConfig.VERSION)
@ShortNames("rdsv")
@AdditionalPrinterColumn(name = "Pool", jsonPath = ".spec.poolConfigName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Size", jsonPath = ".spec.size", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Slot", jsonPath = ".status.slot", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class RdsVolume extends CustomResource<RdsVolumeSpec, RdsVolumeStatus> implements Namespaced {}
