package io.srvlab.rds.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The round robin between tenants' queues, on a bucket driven by a fake clock that only the test moves. */
class FairTokensTest {
    private static final long TOKEN_NANOS = Duration.ofMillis(100).toNanos(); // 10 per second

    private final FakeTime time = new FakeTime();
    private final FairTokens<String> fair = new FairTokens<>(bucket(10, 1));

    private static final class FakeTime implements TimeMeter {
        long nanos;

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }

    private Bucket bucket(int perSecond, int burst) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(burst)
                        .refillGreedy(perSecond, Duration.ofSeconds(1))
                        .build())
                .withCustomTimePrecision(time)
                .build();
    }

    /** Moves the clock to the next token and hands it out. */
    private String nextGrant() {
        time.nanos += fair.nanosToNextToken();
        String granted = fair.grant();
        assertThat(granted).as("a token is there after waiting for the refill").isNotNull();
        return granted;
    }

    @Test
    void aTenantWithOneCallerIsServedWithinARoundOfAnotherTenantsBacklog() {
        assertThat(fair.tryNow()).as("the burst token, nobody waiting").isTrue();
        for (int i = 0; i < 2000; i++) {
            fair.enqueue("a", "a-" + i);
        }
        assertThat(fair.tryNow()).as("nobody overtakes the queue").isFalse();
        fair.enqueue("b", "b-0");
        List<String> order = List.of(nextGrant(), nextGrant(), nextGrant());
        assertThat(order).containsExactly("a-0", "b-0", "a-1");
    }

    @Test
    void aSecondTenantsSequentialCommandsEachWaitAtMostTwoTokens() {
        fair.tryNow();
        for (int i = 0; i < 2000; i++) {
            fair.enqueue("a", "a-" + i);
        }
        long applied = time.nanos;
        // B's create: five commands one after the other, each queued once the one before it was sent.
        for (int command = 0; command < 5; command++) {
            fair.enqueue("b", "b-" + command);
            String granted;
            do {
                granted = nextGrant();
            } while (!granted.equals("b-" + command));
        }
        assertThat(time.nanos - applied).isLessThanOrEqualTo(10 * TOKEN_NANOS);
        assertThat(fair.waiting()).as("tenant a's backlog is still there").isGreaterThan(1980);
    }

    @Test
    void threeTenantsTakeTurnsAndAnEmptiedQueueLeavesTheRound() {
        fair.tryNow();
        fair.enqueue("a", "a-0");
        fair.enqueue("a", "a-1");
        fair.enqueue("a", "a-2");
        fair.enqueue("b", "b-0");
        fair.enqueue("c", "c-0");
        fair.enqueue("c", "c-1");
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            order.add(nextGrant());
        }
        assertThat(order).containsExactly("a-0", "b-0", "c-0", "a-1", "c-1", "a-2");
        assertThat(fair.next()).isNull();
        assertThat(fair.tryNow()).isFalse(); // the token just granted was the last
        time.nanos += TOKEN_NANOS;
        assertThat(fair.tryNow()).isTrue();
    }

    @Test
    void aCallerThatGivesUpLeavesItsPlaceToTheNext() {
        fair.tryNow();
        fair.enqueue("a", "a-0");
        fair.enqueue("b", "b-0");
        assertThat(fair.next()).isEqualTo("a-0");
        assertThat(fair.remove("a", "a-0")).isTrue();
        assertThat(fair.remove("a", "a-0")).isFalse();
        assertThat(fair.next()).isEqualTo("b-0");
        assertThat(nextGrant()).isEqualTo("b-0");
        assertThat(fair.waiting()).isZero();
    }

    @Test
    void noTokenNoGrant() {
        fair.tryNow();
        fair.enqueue("a", "a-0");
        assertThat(fair.grant()).isNull();
        assertThat(fair.nanosToNextToken()).isEqualTo(TOKEN_NANOS);
        time.nanos += TOKEN_NANOS - 1;
        assertThat(fair.grant()).isNull();
        time.nanos += 1;
        assertThat(fair.grant()).isEqualTo("a-0");
    }
}
