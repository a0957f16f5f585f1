package io.srvlab.rds.operator;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;

/**
 * How long a leader's lease lasts without renewal (the longest a standby waits for a leader that stopped), how long
 * the leader keeps trying to renew before it gives up leading, and how often every replica tries to acquire or renew.
 * Fabric8's leader elector requires {@code leaseDuration > renewDeadline > retryPeriod} and refuses to start otherwise.
 */
record LeaseTimings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    /** JOSDK's: 15 s, 10 s, 2 s. */
    static final LeaseTimings DEFAULT = new LeaseTimings(
            LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
            LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
            LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE);
}
