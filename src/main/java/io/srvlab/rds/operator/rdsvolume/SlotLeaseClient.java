package io.srvlab.rds.operator.rdsvolume;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.operator.rdspoolconfig.ServerIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.HttpURLConnection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@link SlotLeases} as Kubernetes Leases in the operator's namespace, one per server and slot (named after both,
 * case-insensitive, since NQNs are lower case) and held by the RdsVolume's UID. The API server's create-if-absent and
 * resourceVersion checks make two holders at the same instant impossible; a lease whose holder no longer exists is
 * taken over the same way.
 */
@ApplicationScoped
public class SlotLeaseClient implements SlotLeases {
    static final String SLOT = "rds.srvlab.io/slot";
    static final String SERVER = "rds.srvlab.io/server";
    static final String VOLUME_NAMESPACE = "rds.srvlab.io/volume-namespace";
    static final String VOLUME_NAME = "rds.srvlab.io/volume-name";
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    private final KubernetesClient client;
    private final String namespace;

    public SlotLeaseClient(KubernetesClient client, @ConfigProperty(name = "rds.secret-namespace") String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    @Override
    public Optional<String> acquire(RdsVolume volume, String serverKey, String slot) {
        String name = leaseName(serverKey, slot);
        String uid = volume.getMetadata().getUid();
        Lease lease = neverHadSlot(volume) ? null : leases().withName(name).get();
        if (lease == null) {
            try {
                leases().resource(newLease(name, volume, serverKey, slot)).create();
                return Optional.empty();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                lease = leases().withName(name).get();
                if (lease == null) {
                    return Optional.of("a claim that was released while this one was made; retrying");
                }
            }
        }
        if (uid.equals(lease.getSpec().getHolderIdentity())) {
            return Optional.empty();
        }
        Optional<String> holder = liveHolder(lease);
        if (holder.isPresent()) {
            return holder;
        }
        // The holder is gone (deleted without releasing, e.g. the operator stopped in between): take over, but only
        // if nobody else changed the lease since it was read.
        Lease takeover = newLease(name, volume, serverKey, slot);
        takeover.getMetadata().setResourceVersion(lease.getMetadata().getResourceVersion());
        try {
            leases().resource(takeover).update();
            return Optional.empty();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            return Optional.of("another RdsVolume that claimed it at the same moment");
        }
    }

    /**
     * A volume that never held a slot almost always finds its lease absent: it creates the lease without reading it
     * first (one request less per new volume); the API server's create-if-absent still decides.
     */
    private static boolean neverHadSlot(RdsVolume volume) {
        return volume.getStatus() == null || volume.getStatus().slot() == null;
    }

    /** The RdsVolume that holds the lease, while it exists. */
    private Optional<String> liveHolder(Lease lease) {
        Map<String, String> about = lease.getMetadata().getAnnotations();
        String holderNamespace = about == null ? null : about.get(VOLUME_NAMESPACE);
        String holderName = about == null ? null : about.get(VOLUME_NAME);
        if (holderNamespace != null && holderName != null) {
            RdsVolume holder = client.resources(RdsVolume.class)
                    .inNamespace(holderNamespace)
                    .withName(holderName)
                    .get();
            if (holder != null
                    && holder.getMetadata().getUid().equals(lease.getSpec().getHolderIdentity())) {
                return Optional.of("RdsVolume " + holderNamespace + "/" + holderName);
            }
        }
        return Optional.empty();
    }

    @Override
    public void release(RdsVolume volume, String serverKey, String slot) {
        String name = leaseName(serverKey, slot);
        Lease lease = leases().withName(name).get();
        if (lease != null
                && volume.getMetadata().getUid().equals(lease.getSpec().getHolderIdentity())) {
            leases().withName(name).delete();
        }
    }

    private Lease newLease(String name, RdsVolume volume, String serverKey, String slot) {
        return new LeaseBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels(MANAGED_BY, "rds-operator")
                .addToAnnotations(SLOT, slot)
                .addToAnnotations(SERVER, serverKey)
                .addToAnnotations(VOLUME_NAMESPACE, volume.getMetadata().getNamespace())
                .addToAnnotations(VOLUME_NAME, volume.getMetadata().getName())
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(volume.getMetadata().getUid())
                .endSpec()
                .build();
    }

    static String leaseName(String serverKey, String slot) {
        return "rds-slot-"
                + ServerIdentity.sha256Hex(serverKey + "/" + slot.toLowerCase(Locale.ROOT))
                        .substring(0, 40);
    }

    private NonNamespaceOperation<Lease, LeaseList, Resource<Lease>> leases() {
        return client.resources(Lease.class, LeaseList.class).inNamespace(namespace);
    }
}
