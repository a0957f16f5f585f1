package io.srvlab.rds.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.testing.MetricsText;
import io.srvlab.rds.testing.OperatorProcess;
import io.srvlab.rds.testing.Readiness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An operator restart (SIGTERM, a replacement with a new pod name, as on a rolling update) with 200 settled volumes:
 * the replacement checks every disk once more from one inventory of the RDS (a constant number of commands, no
 * look-up per volume) and writes nothing: no status (no Pending flip while its pools come up), no Event, no command
 * that changes the RDS. Writes are counted by a watch opened before the restart.
 */
class RestartIT {
    private static final int VOLUMES = 200;
    private static final Duration CONVERGE = Duration.ofMinutes(4);
    private static final String NS = "restart";
    private static final String POOL = "restart";
    private static final String BASE = "/storage-pool/restart";

    private final ProofEnvironment env = ProofEnvironment.get();
    private final RouterOsSimulator sim = env.simulator();
    private OperatorProcess operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void aRestartWritesNothingToSettledVolumes() throws Exception {
        env.createNamespace(NS);
        operator = env.startOperator("restart-first");
        env.createPoolConfig(POOL, BASE, "");
        env.createVolumes(NS, "v", VOLUMES, POOL, "1Gi");
        await(VOLUMES + " volumes Ready")
                .atMost(CONVERGE)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> env.readyCount(NS) == VOLUMES);
        Set<String> slots =
                env.volumes(NS).stream().map(v -> v.getStatus().slot()).collect(Collectors.toSet());
        try (var settling = CommandRecord.of(sim)) {
            await("two inventories by the first operator")
                    .atMost(CONVERGE)
                    .until(() -> settling.lines().stream()
                                    .filter("/disk print detail"::equals)
                                    .count()
                            >= 2);
        }

        Map<String, String> versionsBefore = resourceVersions();
        int eventsBefore = env.volumeEvents(NS).size();
        Queue<String> modified = new ConcurrentLinkedQueue<>();
        try (var watch = env.client().resources(RdsVolume.class).inNamespace(NS).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, RdsVolume volume) {
                if (action != Action.ADDED) {
                    modified.add(action + " " + volume.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        })) {
            long stoppedAt = System.nanoTime();
            assertThat(operator.stop(Duration.ofSeconds(20)))
                    .as("exits within 20 s of SIGTERM")
                    .isPresent();
            try (var record = CommandRecord.of(sim)) {
                long startedAt = System.nanoTime();
                operator = env.startOperator("restart-second");
                OperatorProcess replacement = operator;
                await("the replacement checked every volume (log: " + operator.log() + ")")
                        .atMost(CONVERGE)
                        .pollInterval(Duration.ofMillis(200))
                        .until(() ->
                                MetricsText.sum(replacement.metrics(), "rds_volumes", "phase=\"Ready\"") >= VOLUMES);
                double checkedAfterStart = (System.nanoTime() - startedAt) / 1e9;
                double checkedAfterStop = (System.nanoTime() - stoppedAt) / 1e9;
                long lookups = slots.stream().mapToLong(record::lookups).sum();
                int newEvents = env.volumeEvents(NS).size() - eventsBefore;
                Map<String, String> versionsAfter = resourceVersions();
                long changedVersions = versionsAfter.entrySet().stream()
                        .filter(e -> !e.getValue().equals(versionsBefore.get(e.getKey())))
                        .count();
                long commands = record.size();
                long listings = record.lines().stream()
                        .filter("/disk print detail"::equals)
                        .count();
                System.out.printf(
                        "restart: %d settled volumes; the replacement checked all %.1f s after its start (%.1f s after"
                                + " SIGTERM): %d commands (%d disk listings of the inventory, %d look-ups of their slots), %d"
                                + " changing; %d status writes (watch), %d resourceVersions changed, %d new events%n",
                        VOLUMES,
                        checkedAfterStart,
                        checkedAfterStop,
                        commands,
                        listings,
                        lookups,
                        record.mutations().size(),
                        modified.size(),
                        changedVersions,
                        newEvents);

                assertThat(modified)
                        .as("writes to the volumes across the restart")
                        .isEmpty();
                assertThat(versionsAfter).as("resourceVersions").isEqualTo(versionsBefore);
                assertThat(newEvents).as("new events on the volumes").isZero();
                assertThat(record.mutations()).as("changing commands").isEmpty();
                assertThat(lookups).as("single-slot look-ups").isZero();
                List<String> aboutTheseVolumes = record.lines().stream()
                        .filter(l -> !l.startsWith("/file print detail where name~"))
                        .filter(l ->
                                l.contains(BASE.substring(1)) || slots.stream().anyMatch(l::contains))
                        .toList();
                assertThat(aboutTheseVolumes)
                        .as(
                                "commands that name one of the %d volumes or their base path (besides the inventory's file"
                                        + " listing)",
                                VOLUMES)
                        .isEmpty();
            }
        }
        assertThat(env.volumes(NS)).hasSize(VOLUMES).allMatch(Readiness::isReady);

        env.deleteAllVolumes(NS, CONVERGE);
        VolumeInvariants.assertNothingLeft(sim, BASE);
        env.deletePoolConfig(POOL);
    }

    private Map<String, String> resourceVersions() {
        return env.volumes(NS).stream()
                .collect(Collectors.toMap(
                        v -> v.getMetadata().getName(), v -> v.getMetadata().getResourceVersion()));
    }
}
