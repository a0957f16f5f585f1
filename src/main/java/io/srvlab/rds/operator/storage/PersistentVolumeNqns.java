package io.srvlab.rds.operator.storage;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which of the operator's PersistentVolumes point at an NQN (their {@code csi.volumeHandle} or {@code nqn}
 * attribute), from the informer's cache through an index: a new disk never gets an NQN a PersistentVolume of
 * another volume still names, or that volume's Pods would reach the new disk. NQNs of new disks carry the volume's uid,
 * so this holds by construction; the index keeps it so for PersistentVolumes written before that (retained ones).
 */
@Singleton
public class PersistentVolumeNqns {
    private static final String INDEX = "nqn";

    private volatile IndexerResourceCache<PersistentVolume> cache;

    /** Indexes the operator's PersistentVolume informer; called before it starts. */
    public void index(IndexerResourceCache<PersistentVolume> informer) {
        informer.addIndexers(Map.of(INDEX, PersistentVolumeNqns::nqns));
        this.cache = informer;
    }

    /** The name of a PersistentVolume that names {@code nqn} and was not written for the volume {@code volumeUid}. */
    public Optional<String> heldByAnother(String nqn, String volumeUid) {
        IndexerResourceCache<PersistentVolume> current = cache;
        if (current == null) {
            return Optional.empty();
        }
        return current.byIndex(INDEX, nqn.toLowerCase(Locale.ROOT)).stream()
                .filter(pv -> !volumeUid.equals(labels(pv).get(PersistentVolumes.LABEL_VOLUME_UID)))
                .map(pv -> pv.getMetadata().getName())
                .findFirst();
    }

    static List<String> nqns(PersistentVolume pv) {
        var csi = pv.getSpec() == null ? null : pv.getSpec().getCsi();
        if (csi == null) {
            return List.of();
        }
        List<String> nqns = new ArrayList<>(2);
        if (csi.getVolumeHandle() != null) {
            nqns.add(csi.getVolumeHandle().toLowerCase(Locale.ROOT));
        }
        String attribute = csi.getVolumeAttributes() == null
                ? null
                : csi.getVolumeAttributes().get("nqn");
        if (attribute != null
                && !Objects.equals(attribute.toLowerCase(Locale.ROOT), nqns.isEmpty() ? null : nqns.get(0))) {
            nqns.add(attribute.toLowerCase(Locale.ROOT));
        }
        return nqns;
    }

    private static Map<String, String> labels(PersistentVolume pv) {
        return pv.getMetadata().getLabels() == null
                ? Map.of()
                : pv.getMetadata().getLabels();
    }
}
