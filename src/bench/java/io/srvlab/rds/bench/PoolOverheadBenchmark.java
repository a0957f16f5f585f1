package io.srvlab.rds.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.srvlab.rds.pool.PoolSettings;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.RouterOsCommands;
import io.srvlab.rds.routeros.RouterOsSession;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * (a) Acquire + release overhead of {@link RdsPool#execute} (breaker, token, session, metrics) against Commons Pool2
 * {@link GenericObjectPool} borrow/return, same size (10), sessions that answer at once. Thread counts are chosen on
 * the command line ({@code -t 1}, {@code -t 4}, ...). The rate limit is set far above what is reachable, so the token
 * bucket costs its bookkeeping but never waits.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PoolOverheadBenchmark {
    static final int SIZE = 10;

    RdsPool rdsPool;
    GenericObjectPool<RouterOsSession> commonsPool;

    @Setup(Level.Trial)
    public void setUp() {
        BenchLogging.quiet();
        PoolSettings settings = PoolSettings.builder(InMemorySession.TARGET)
                .maxSize(SIZE)
                .maxIdle(SIZE)
                .requestsPerSecond(1_000_000_000)
                .burst(1_000_000_000)
                .validationWindow(Duration.ofHours(1))
                .build();
        rdsPool = new RdsPool("bench", settings, e -> InMemorySession.connector(), new SimpleMeterRegistry());

        GenericObjectPoolConfig<RouterOsSession> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(SIZE);
        config.setMaxIdle(SIZE);
        config.setMaxWait(Duration.ofSeconds(30));
        config.setBlockWhenExhausted(true);
        config.setFairness(true); // RdsPool is FIFO-fair too
        config.setJmxEnabled(false);
        commonsPool = new GenericObjectPool<>(
                new BasePooledObjectFactory<>() {
                    @Override
                    public RouterOsSession create() {
                        return new InMemorySession();
                    }

                    @Override
                    public PooledObject<RouterOsSession> wrap(RouterOsSession s) {
                        return new DefaultPooledObject<>(s);
                    }
                },
                config);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        rdsPool.close();
        commonsPool.close();
    }

    @Benchmark
    public Object rdsPool() throws Exception {
        return rdsPool.execute(s -> s, Instant.MAX);
    }

    @Benchmark
    public Object commonsPool2() throws Exception {
        RouterOsSession s = commonsPool.borrowObject();
        try {
            return s;
        } finally {
            commonsPool.returnObject(s);
        }
    }

    /** The same with one in-memory command on the session, as a caller would run. */
    @Benchmark
    public Object rdsPoolWithCommand() throws Exception {
        return rdsPool.execute(s -> s.exec(RouterOsCommands.identity(), Duration.ofSeconds(1)), Instant.MAX);
    }
}
