package io.srvlab.rds.operator.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.srvlab.rds.pool.CircuitOpenException;
import io.srvlab.rds.pool.PoolExhaustedException;
import io.srvlab.rds.pool.RateLimitedException;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.RouterOsException.Kind;
import io.srvlab.rds.volume.Refusal;
import io.srvlab.rds.volume.RefusedException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every failure has one classification: permanent, transient with its wait, or an interruption. */
class FailureClassifierTest {

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everyRouterOsKindHasOneReasonAndOnePolicy(Kind kind) {
        Failure failure = FailureClassifier.classify(new RouterOsException(kind, "x"), Duration.ofMinutes(1));
        assertThat(failure.reason()).isNotBlank();
        assertThat(failure.interrupted()).isFalse();
        if (failure.permanent()) {
            assertThat(failure.retryAfter()).isNull();
        } else {
            assertThat(failure.retryAfter()).isPositive();
        }
        boolean waitingHelps = kind == Kind.TRANSPORT
                || kind == Kind.TIMEOUT
                || kind == Kind.BUSY
                || kind == Kind.AUTH_REJECTED
                || kind == Kind.HOST_KEY_MISMATCH;
        assertThat(failure.permanent()).isEqualTo(!waitingHelps);
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void everyRefusalIsPermanentUnderItsOwnName(Refusal refusal) {
        Failure failure = FailureClassifier.classify(new RefusedException(refusal, "why"), Duration.ZERO);
        assertThat(failure.permanent()).isTrue();
        assertThat(failure.reason()).isEqualTo(refusal.name());
    }

    @Test
    void aLostDiskTellsHowToAskForANewOne() {
        Failure failure = FailureClassifier.classify(new RefusedException(Refusal.DiskMissing, "gone"), Duration.ZERO);
        assertThat(failure.message()).contains("spec.recreateMissingDisk");
    }

    @Test
    void anOpenBreakerNamesWhatTrippedItAndWaitsItsRemainingTime() {
        var open = new CircuitOpenException(
                "p", Duration.ofSeconds(20), new RouterOsException(Kind.AUTH_REJECTED, "key refused"));
        Failure failure = FailureClassifier.classify(open, Duration.ZERO);
        assertThat(failure.reason()).isEqualTo("AuthFailed");
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(failure.message()).contains("key refused");
    }

    @Test
    void anInterruptedWaitIsAnInterruptionNotARateLimit() {
        var interrupted = new RateLimitedException("p", "interrupted while waiting", new InterruptedException());
        assertThat(FailureClassifier.classify(interrupted, Duration.ZERO).interrupted())
                .isTrue();
        var exhausted = new PoolExhaustedException("p", "interrupted", new InterruptedException());
        assertThat(FailureClassifier.classify(exhausted, Duration.ZERO).interrupted())
                .isTrue();
        var limited = new RateLimitedException("p", "no token before the deadline", null);
        assertThat(FailureClassifier.classify(limited, Duration.ZERO).reason()).isEqualTo("RateLimited");
    }

    @Test
    void anUnexpectedExceptionIsNotTurnedIntoACondition() {
        assertThatThrownBy(() -> FailureClassifier.classify(new IllegalStateException("bug"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void backoffIsHalfTheTimeFailingWithinItsBounds() {
        assertThat(FailureClassifier.backoff(Duration.ZERO)).isEqualTo(FailureClassifier.MIN_BACKOFF);
        assertThat(FailureClassifier.backoff(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(30));
        assertThat(FailureClassifier.backoff(Duration.ofHours(2))).isEqualTo(FailureClassifier.MAX_BACKOFF);
    }
}
