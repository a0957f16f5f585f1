package io.srvlab.rds.operator.rdssnapshot;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.srvlab.rds.api.RdsSnapshotStatus.Phase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code rds_snapshots{phase}} gauge: how many RdsSnapshots this operator last saw in each phase. Created eagerly,
 * so the series exist (as zeros) before the first snapshot is reconciled.
 */
@Startup
@ApplicationScoped
public class SnapshotPhaseGauge {
    private final Map<ResourceID, Phase> phases = new ConcurrentHashMap<>();

    public SnapshotPhaseGauge(MeterRegistry registry) {
        for (Phase phase : Phase.values()) {
            Gauge.builder("rds.snapshots", phases, map -> map.values().stream()
                            .filter(phase::equals)
                            .count())
                    .description("RdsSnapshots by phase, as last reconciled")
                    .tag("phase", phase.name())
                    .register(registry);
        }
    }

    void record(ResourceID snapshot, Phase phase) {
        phases.put(snapshot, phase);
    }

    void forget(ResourceID snapshot) {
        phases.remove(snapshot);
    }
}
