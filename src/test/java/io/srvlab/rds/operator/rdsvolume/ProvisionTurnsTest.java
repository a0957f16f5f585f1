package io.srvlab.rds.operator.rdsvolume;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProvisionTurnsTest {
    private final ProvisionTurns turns = new ProvisionTurns();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    private static ResourceID volume(String namespace, int i) {
        return new ResourceID("v-" + i, namespace);
    }

    @Test
    void aNamespaceBacklogDoesNotDelayAnotherNamespacesFirstVolume() {
        for (int i = 0; i < 2000; i++) {
            assertThat(turns.take("rds", volume("a", i), 10, now)).isEqualTo(i < 10);
        }
        assertThat(turns.waiting("rds", "a")).isEqualTo(1990);
        assertThat(turns.take("rds", volume("b", 0), 10, now)).isTrue();
        assertThat(turns.take("other-rds", volume("a", 5000), 10, now))
                .as("each pool has its own turns")
                .isTrue();
    }

    @Test
    void aFreedTurnGoesToTheNamespacesNextWaitingVolumeInOrder() {
        for (int i = 0; i < 4; i++) {
            turns.take("rds", volume("a", i), 2, now);
        }
        assertThat(turns.release("rds", volume("a", 0), now)).contains(volume("a", 2));
        assertThat(turns.take("rds", volume("a", 9), 2, now))
                .as("the turn is the woken volume's, not a newcomer's")
                .isFalse();
        assertThat(turns.take("rds", volume("a", 2), 2, now)).isTrue();
        assertThat(turns.release("rds", volume("a", 1), now)).contains(volume("a", 3));
        assertThat(turns.take("rds", volume("a", 3), 2, now)).isTrue();
    }

    @Test
    void aHandedTurnNotTakenUpLapses() {
        turns.take("rds", volume("a", 0), 1, now);
        turns.take("rds", volume("a", 1), 1, now);
        assertThat(turns.release("rds", volume("a", 0), now)).contains(volume("a", 1));
        now = now.plus(ProvisionTurns.HANDOFF_TTL).minusMillis(1);
        assertThat(turns.take("rds", volume("a", 2), 1, now)).isFalse();
        now = now.plus(Duration.ofMillis(1));
        assertThat(turns.take("rds", volume("a", 3), 1, now)).isTrue();
    }

    @Test
    void aDeletedVolumeLeavesTheLineAndPassesOnItsTurn() {
        turns.take("rds", volume("a", 0), 1, now);
        turns.take("rds", volume("a", 1), 1, now);
        turns.take("rds", volume("a", 2), 1, now);
        assertThat(turns.forget("rds", volume("a", 1), now)).isEmpty();
        assertThat(turns.forget("rds", volume("a", 0), now)).contains(volume("a", 2));
        assertThat(turns.waiting("rds", "a")).isZero();
    }

    @Test
    void aTurnHandedToAVolumeThatNeedsNoneGoesOnToTheNext() {
        turns.take("rds", volume("a", 0), 1, now);
        turns.take("rds", volume("a", 1), 1, now); // its reconcile ran on a cache from before its provisioning
        turns.take("rds", volume("a", 2), 1, now);
        assertThat(turns.release("rds", volume("a", 0), now)).contains(volume("a", 1));
        assertThat(turns.forget("rds", volume("a", 1), now))
                .as("woken, it finds itself provisioned: the turn goes on at once, not when the hand-off lapses")
                .contains(volume("a", 2));
        assertThat(turns.take("rds", volume("a", 2), 1, now)).isTrue();
        assertThat(turns.forget("rds", volume("a", 5), now))
                .as("a volume without a place in line changes nothing")
                .isEmpty();
        assertThat(turns.take("rds", volume("a", 3), 1, now)).isFalse();
    }

    @Test
    void aVolumeHoldingATurnKeepsItUntilReleased() {
        assertThat(turns.take("rds", volume("a", 0), 1, now)).isTrue();
        assertThat(turns.take("rds", volume("a", 0), 1, now)).isTrue();
        assertThat(turns.release("rds", volume("a", 0), now)).isEmpty();
        assertThat(turns.release("rds", volume("a", 0), now)).isEmpty();
        assertThat(turns.take("rds", volume("a", 1), 1, now)).isTrue();
    }
}
