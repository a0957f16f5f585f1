package io.srvlab.rds.testing;

import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsVolume;
import java.util.List;
import java.util.Optional;

/** The {@code Ready} condition of our resources as a client sees it (null-safe: no status yet means not ready). */
public final class Readiness {
    public static final String READY = "Ready";

    private Readiness() {}

    public static Optional<Condition> ready(RdsVolume volume) {
        return volume == null || volume.getStatus() == null
                ? Optional.empty()
                : ready(volume.getStatus().conditions());
    }

    public static Optional<Condition> ready(RdsPoolConfig config) {
        return config == null || config.getStatus() == null
                ? Optional.empty()
                : ready(config.getStatus().conditions());
    }

    public static boolean isReady(RdsVolume volume) {
        return ready(volume).map(Readiness::isTrue).orElse(false);
    }

    public static boolean isReady(RdsPoolConfig config) {
        return ready(config).map(Readiness::isTrue).orElse(false);
    }

    private static Optional<Condition> ready(List<Condition> conditions) {
        return conditions == null
                ? Optional.empty()
                : conditions.stream().filter(c -> READY.equals(c.getType())).findFirst();
    }

    private static boolean isTrue(Condition condition) {
        return Condition.TRUE.equals(condition.getStatus());
    }
}
