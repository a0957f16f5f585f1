package io.srvlab.rds.pool;

/** What a reconfiguration touches, worked out once from the settings before and after. */
record SettingsChange(boolean any, boolean endpoint, boolean size, boolean idleTimeout, boolean rate, boolean breaker) {

    static SettingsChange between(PoolSettings before, PoolSettings after) {
        return new SettingsChange(
                !before.equals(after),
                !before.endpoint().equals(after.endpoint()),
                before.maxSize() != after.maxSize() || before.maxIdle() != after.maxIdle(),
                !before.idleTimeout().equals(after.idleTimeout()),
                before.requestsPerSecond() != after.requestsPerSecond() || before.burst() != after.burst(),
                before.failureThreshold() != after.failureThreshold()
                        || !before.openDuration().equals(after.openDuration())
                        || before.halfOpenProbes() != after.halfOpenProbes());
    }
}
