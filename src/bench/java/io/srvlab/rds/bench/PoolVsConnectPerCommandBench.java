package io.srvlab.rds.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.srvlab.rds.pool.PoolSettings;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.RouterOsCommands;
import io.srvlab.rds.routeros.RouterOsConnector;
import io.srvlab.rds.routeros.RouterOsSession;
import io.srvlab.rds.routeros.SshConnectorFactory;
import io.srvlab.rds.routeros.SshTarget;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatorKeys;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * (c) Commands per second through the pool against a new SSH connection per command, both over real SSH to the
 * simulator on 127.0.0.1 with a set handshake latency. Arguments: seconds per mode (default 10), handshake latency
 * in ms (default 50), caller threads (default 8).
 */
public final class PoolVsConnectPerCommandBench {
    public static void main(String[] args) throws Exception {
        BenchLogging.quiet();
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int latencyMs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        KeyPair hostKey = SimulatorKeys.ed25519();
        KeyPair clientKey = SimulatorKeys.ed25519();
        try (RouterOsSimulator sim =
                new RouterOsSimulator("127.0.0.1", 0, hostKey, List.of(clientKey.getPublic()), "admin").start()) {
            sim.knobs().handshakeLatency(Duration.ofMillis(latencyMs));
            SshTarget endpoint = new SshTarget(
                    "127.0.0.1",
                    sim.port(),
                    "admin",
                    SimulatorKeys.privateKeyText(clientKey),
                    SimulatorKeys.publicKeyLine(hostKey.getPublic()),
                    false,
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(10),
                    true);
            PoolSettings settings = PoolSettings.builder(endpoint)
                    .requestsPerSecond(1_000_000)
                    .burst(1_000_000)
                    .build();

            long before = sim.handshakes();
            double pooled;
            try (RdsPool pool = new RdsPool("bench", settings, new SshConnectorFactory(), new SimpleMeterRegistry())) {
                pooled = run(
                        seconds,
                        threads,
                        () -> pool.run(
                                RouterOsCommands.identity(), Instant.now().plusSeconds(30)));
            }
            long pooledHandshakes = sim.handshakes() - before;

            before = sim.handshakes();
            RouterOsConnector connector = new SshConnectorFactory().create(endpoint);
            double perCommand = run(seconds, threads, () -> {
                try (RouterOsSession s = connector.connect()) {
                    s.exec(RouterOsCommands.identity(), Duration.ofSeconds(10));
                }
            });
            long perCommandHandshakes = sim.handshakes() - before;
            ((AutoCloseable) connector).close();

            System.out.printf(
                    "handshake latency %d ms, %d threads, %d s per mode:%n"
                            + "  pool (maxSize 10):            %8.1f commands/s, %d handshakes%n"
                            + "  new connection per command:   %8.1f commands/s, %d handshakes%n"
                            + "  speed-up: %.1fx%n",
                    latencyMs,
                    threads,
                    seconds,
                    pooled,
                    pooledHandshakes,
                    perCommand,
                    perCommandHandshakes,
                    pooled / perCommand);
        }
    }

    interface Call {
        void run() throws Exception;
    }

    static double run(int seconds, int threads, Call call) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            callers.add(Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < end) {
                    try {
                        call.run();
                        done.incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : callers) {
            t.join();
        }
        if (failed.get() > 0) {
            System.out.println("  (" + failed.get() + " failed calls)");
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }
}
