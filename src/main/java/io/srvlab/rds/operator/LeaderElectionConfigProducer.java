package io.srvlab.rds.operator;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Leader election for running more than one operator replica. QOSDK has no configuration property for it: it looks
 * up a {@link LeaderElectionConfiguration} bean, and only in the profiles listed in
 * {@code quarkus.operator-sdk.activate-leader-election-for-profiles} (default {@code prod}), so dev mode and tests
 * run without it. The Lease lives in the operator's namespace ({@code POD_NAMESPACE}, set from the downward API by
 * manifests/ and the Helm chart; without it JOSDK falls back to the client's namespace); its name comes from
 * {@code RDS_LEADER_ELECTION_LEASE_NAME}. The identity is the pod name (JOSDK reads {@code HOSTNAME}). Needs
 * get/create/update/patch on {@code coordination.k8s.io} leases in that namespace (the chart's Role; fabric8 renews
 * the lease with a PATCH). Losing the lease ends the process, but not from inside a shutdown ({@link LeadershipLoss}).
 * The lease timings are JOSDK's defaults unless {@code rds.leader-election.lease-duration}, {@code .renew-deadline} and
 * {@code .retry-period} say otherwise (a standby takes over at most a lease duration after the leader stopped renewing).
 */
@Singleton
public class LeaderElectionConfigProducer {
    public static final String DEFAULT_LEASE_NAME = "rds-operator-lease";

    @Produces
    @Singleton
    @Unremovable
    LeaderElectionConfiguration leaderElectionConfiguration(
            @ConfigProperty(name = "rds.leader-election.lease-name", defaultValue = DEFAULT_LEASE_NAME)
                    String leaseName,
            @ConfigProperty(name = "pod.namespace") Optional<String> podNamespace,
            @ConfigProperty(name = "rds.leader-election.lease-duration") Optional<Duration> leaseDuration,
            @ConfigProperty(name = "rds.leader-election.renew-deadline") Optional<Duration> renewDeadline,
            @ConfigProperty(name = "rds.leader-election.retry-period") Optional<Duration> retryPeriod,
            Leadership leadership) {
        var timings = new LeaseTimings(
                leaseDuration.orElse(LeaseTimings.DEFAULT.leaseDuration()),
                renewDeadline.orElse(LeaseTimings.DEFAULT.renewDeadline()),
                retryPeriod.orElse(LeaseTimings.DEFAULT.retryPeriod()));
        return create(leaseName, podNamespace, timings, leadership::started);
    }

    static LeaderElectionConfiguration create(
            String leaseName, Optional<String> podNamespace, Runnable startedLeading) {
        return create(leaseName, podNamespace, LeaseTimings.DEFAULT, startedLeading);
    }

    static LeaderElectionConfiguration create(
            String leaseName, Optional<String> podNamespace, LeaseTimings timings, Runnable startedLeading) {
        var builder = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(leaseName)
                .withLeaseDuration(timings.leaseDuration())
                .withRenewDeadline(timings.renewDeadline())
                .withRetryPeriod(timings.retryPeriod())
                .withExitOnStopLeading(false)
                .withLeaderCallbacks(
                        new LeaderCallbacks(startedLeading, LeadershipLoss.exitUnlessShuttingDown(), leader -> {}));
        podNamespace.map(String::strip).filter(ns -> !ns.isEmpty()).ifPresent(builder::withLeaseNamespace);
        return builder.build();
    }
}
