package io.srvlab.rds.operator.rdsvolume;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.srvlab.rds.api.RdsVolumeStatus.Phase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code rds_volumes{phase}} gauge: how many RdsVolumes this operator last saw in each phase. Created eagerly, so
 * the series exist (as zeros) before the first volume is reconciled.
 */
@Startup
@ApplicationScoped
public class VolumePhaseGauge {
    private final Map<ResourceID, Phase> phases = new ConcurrentHashMap<>();

    public VolumePhaseGauge(MeterRegistry registry) {
        for (Phase phase : Phase.values()) {
            Gauge.builder("rds.volumes", phases, map -> map.values().stream()
                            .filter(phase::equals)
                            .count())
                    .description("RdsVolumes by phase, as last reconciled")
                    .tag("phase", phase.name())
                    .register(registry);
        }
    }

    void record(ResourceID volume, Phase phase) {
        if (phase == null) {
            phases.remove(volume);
        } else {
            phases.put(volume, phase);
        }
    }

    void forget(ResourceID volume) {
        phases.remove(volume);
    }
}
