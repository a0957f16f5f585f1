package io.srvlab.rds.operator.rdsvolume;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;

/** {@code rds_volume_drift_checks_total{result}}: periodic checks of settled volumes, by what they found. */
@ApplicationScoped
public class DriftCheckCounter {
    enum Result {
        /** The disk is there and the volume's own. */
        intact,
        /** The disk is gone. */
        missing,
        /** The slot holds a disk that is not the volume's. */
        refused,
        /** The RDS could not be asked; nothing was concluded. */
        skipped
    }

    private final Map<Result, Counter> counters = new EnumMap<>(Result.class);

    public DriftCheckCounter(MeterRegistry meters) {
        for (Result result : Result.values()) {
            counters.put(
                    result,
                    Counter.builder("rds.volume.drift.checks")
                            .description("Drift checks of settled RdsVolumes, by result")
                            .tag("result", result.name())
                            .register(meters));
        }
    }

    void count(Result result) {
        counters.get(result).increment();
    }
}
