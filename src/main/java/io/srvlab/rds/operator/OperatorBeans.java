package io.srvlab.rds.operator;

import io.srvlab.rds.routeros.RouterOsClient;
import io.srvlab.rds.volume.Inventories;
import io.srvlab.rds.volume.VolumeOperations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
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
    Inventories inventories(VolumeOperations operations) {
        return new Inventories(operations);
    }
}
