package io.srvlab.rds.pool;

import io.srvlab.rds.routeros.RouterOsCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Holds one pooled session on a virtual thread until closed; then runs a command on it and returns it. */
final class Holder implements AutoCloseable {
    private final RdsPool pool;
    private final CountDownLatch leased = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Thread thread;
    private volatile Object result;

    Holder(RdsPool pool) {
        this.pool = pool;
    }

    /** Returns once the session is leased. */
    void hold() throws InterruptedException {
        thread = Thread.ofVirtual().start(() -> {
            try {
                result = pool.execute(
                        s -> {
                            leased.countDown();
                            awaitLatch(release);
                            return s.exec(RouterOsCommands.identity(), Duration.ofSeconds(5))
                                    .stdout();
                        },
                        Instant.now().plusSeconds(30));
            } catch (Exception e) {
                result = e;
                leased.countDown();
            }
        });
        if (!leased.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no lease");
        }
        if (result instanceof Exception e) {
            throw new AssertionError("lease failed", e);
        }
    }

    static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Object result() {
        return result;
    }

    @Override
    public void close() throws InterruptedException {
        release.countDown();
        if (thread != null) {
            thread.join(Duration.ofSeconds(10));
        }
    }
}
