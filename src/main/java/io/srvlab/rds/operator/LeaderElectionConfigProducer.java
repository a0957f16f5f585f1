package io.srvlab.rds.operator;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
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
            Leadership leadership) {
        return create(leaseName, podNamespace, leadership::started);
    }

    static LeaderElectionConfiguration create(
            String leaseName, Optional<String> podNamespace, Runnable startedLeading) {
        var builder = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(leaseName)
                .withExitOnStopLeading(false)
                .withLeaderCallbacks(
                        new LeaderCallbacks(startedLeading, LeadershipLoss.exitUnlessShuttingDown(), leader -> {}));
        podNamespace.map(String::strip).filter(ns -> !ns.isEmpty()).ifPresent(builder::withLeaseNamespace);
        return builder.build();
    }
}
