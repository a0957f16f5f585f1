package io.srvlab.rds.operator;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.srvlab.rds.routeros.RouterOsClient;
import io.srvlab.rds.volume.Inventories;
import io.srvlab.rds.volume.SnapshotOperations;
import io.srvlab.rds.volume.VolumeOperations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** CDI producers for the plain classes below the operator layer. */
public class OperatorBeans {

    /**
     * The client's own timeout is only the outer bound: the pool bounds every command by the config's
     * {@code commandTimeout}.
     */
    @Produces
    @ApplicationScoped
    VolumeOperations volumeOperations() {
        return new VolumeOperations(new RouterOsClient(Duration.ofMinutes(5)));
    }

    @Produces
    @ApplicationScoped
    SnapshotOperations snapshotOperations() {
        return new SnapshotOperations(new RouterOsClient(Duration.ofMinutes(5)));
    }

    /** The one clock of the operator layer: time is read here, so tests can fix it. */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @ApplicationScoped
    Inventories inventories(VolumeOperations operations) {
        return new Inventories(operations);
    }

    /**
     * JOSDK's reconcile metrics per controller only. Its default here collects them per custom resource too: a series
     * set for every RdsVolume, which grows with the cluster and outlives deleted volumes.
     */
    @Produces
    @Singleton
    Metrics operatorMetrics(MeterRegistry registry) {
        return MicrometerMetrics.withoutPerResourceMetrics(registry);
    }
}
