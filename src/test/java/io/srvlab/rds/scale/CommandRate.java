package io.srvlab.rds.scale;

import io.srvlab.rds.simulator.RouterOsSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Samples the simulator's command counter every 100 ms, so the command rate can be read for any window afterwards. */
final class CommandRate implements AutoCloseable {
    private record Sample(long nanos, long commands) {}

    private final RouterOsSimulator simulator;
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "scale-bench-command-rate");
        t.setDaemon(true);
        return t;
    });

    CommandRate(RouterOsSimulator simulator) {
        this.simulator = simulator;
        timer.scheduleAtFixedRate(this::sample, 0, 100, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        var s = new Sample(System.nanoTime(), simulator.commands());
        synchronized (samples) {
            samples.add(s);
        }
    }

    /** Commands per second between the samples nearest to the two instants. */
    double perSecond(long fromNanos, long toNanos) {
        Sample from = nearest(fromNanos);
        Sample to = nearest(toNanos);
        return to.nanos() > from.nanos() ? (to.commands() - from.commands()) / ((to.nanos() - from.nanos()) / 1e9) : 0;
    }

    /** The end of the first one-second window ending after {@code sinceNanos} with at least {@code perSecond}. */
    OptionalLong firstSecondAtLeast(long sinceNanos, double perSecond) {
        List<Sample> copy;
        synchronized (samples) {
            copy = List.copyOf(samples);
        }
        int start = 0;
        for (int end = 0; end < copy.size(); end++) {
            Sample last = copy.get(end);
            while (last.nanos() - copy.get(start).nanos() > 1_000_000_000L) {
                start++;
            }
            Sample first = copy.get(start);
            long span = last.nanos() - first.nanos();
            if (last.nanos() >= sinceNanos
                    && span >= 900_000_000L
                    && (last.commands() - first.commands()) / (span / 1e9) >= perSecond) {
                return OptionalLong.of(last.nanos());
            }
        }
        return OptionalLong.empty();
    }

    private Sample nearest(long nanos) {
        synchronized (samples) {
            Sample best = samples.getFirst();
            for (Sample s : samples) {
                if (Math.abs(s.nanos() - nanos) < Math.abs(best.nanos() - nanos)) {
                    best = s;
                }
            }
            return best;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
