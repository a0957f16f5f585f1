package io.srvlab.rds.operator.rdspoolconfig;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.srvlab.rds.volume.Inventory;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * Per pool config: the capacity of the RDS filesystem and what its last inventory found, as Prometheus gauges ({@code
 * rds_pool_capacity_free_bytes}, {@code rds_pool_inventory_orphan_disks}, …).
 */
@ApplicationScoped
public class InventoryGauge {
    private record Reading(long totalBytes, long freeBytes, Inventory.Findings findings, Instant takenAt) {}

    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, AtomicReference<Reading>> readings = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> registered = new ConcurrentHashMap<>();

    public InventoryGauge(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    void record(String pool, Inventory inventory, Inventory.Findings findings) {
        var reading = new Reading(
                inventory.capacity().totalBytes(), inventory.capacity().freeBytes(), findings, inventory.takenAt());
        readings.computeIfAbsent(pool, this::register).set(reading);
    }

    void remove(String pool) {
        readings.remove(pool);
        List<Meter> gone = registered.remove(pool);
        if (gone != null) {
            gone.forEach(meters::remove);
        }
    }

    private AtomicReference<Reading> register(String pool) {
        AtomicReference<Reading> current = new AtomicReference<>();
        List<Meter> list = new ArrayList<>();
        list.add(gauge(
                pool, current, "rds.pool.capacity.total.bytes", "Size of the RDS filesystem", Reading::totalBytes));
        list.add(gauge(
                pool, current, "rds.pool.capacity.free.bytes", "Free bytes on the RDS filesystem", Reading::freeBytes));
        list.add(gauge(
                pool,
                current,
                "rds.pool.inventory.orphan.disks",
                "Disks marked for this pool config whose RdsVolume is gone",
                r -> r.findings().orphanSlots().size()));
        list.add(gauge(
                pool,
                current,
                "rds.pool.inventory.foreign.disks",
                "Disks under the base path without an owner marker",
                r -> r.findings().foreignSlots().size()));
        list.add(gauge(
                pool,
                current,
                "rds.pool.inventory.detached.files",
                "Image files under the base path that no disk uses",
                r -> r.findings().detachedFiles().size()));
        list.add(gauge(
                pool,
                current,
                "rds.pool.inventory.age.seconds",
                "Seconds since the last inventory of the RDS was read",
                r -> Duration.between(r.takenAt(), clock.instant()).toMillis() / 1000.0));
        registered.put(pool, list);
        return current;
    }

    private Meter gauge(
            String pool, AtomicReference<Reading> current, String name, String help, ToDoubleFunction<Reading> value) {
        return Gauge.builder(name, current, ref -> {
                    Reading r = ref.get();
                    return r == null ? Double.NaN : value.applyAsDouble(r);
                })
                .description(help)
                .tag("pool", pool)
                .register(meters);
    }
}
