package io.srvlab.rds.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * What the operator observed of one volume on the RDS. Written by the operator only.
 *
 * @param slot, filePath, nqn, server recorded when the disk was provisioned and used from then on
 * @param adopted the disk existed before and was taken over (its default deletion policy is Retain)
 * @param persistentVolume the PersistentVolume written for this volume ({@code spec.persistentVolume}, or a claim of
 *     a StorageClass)
 * @param lastRecreateRequest the {@code spec.recreateMissingDisk} value already answered
 * @param recreateToken published when the disk is found missing: only a {@code spec.recreateMissingDisk} equal to it
 *     asks for a new disk, so an old request replayed (a GitOps rollback) asks for nothing
 * @param claimUid the claim a StorageClass provisioned the volume for, checked once against the claim itself; an
 *     owner reference alone (which the namespace's users may edit) makes no volume a claim's
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RdsVolumeStatus(
        @JsonPropertyDescription("Where the volume is in its life: Pending, Creating, Ready, Resizing, Deleting or"
                + " Failed (needs a human: see the Ready condition's reason).")
        Phase phase,

        @JsonPropertyDescription("Ready, with a reason that names the cause when it is False (see the"
                + " troubleshooting table in docs/troubleshooting.md).")
        List<Condition> conditions,

        @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration,

        @JsonPropertyDescription("The RouterOS disk slot, fixed when the disk was created or adopted.")
        String slot,

        @JsonPropertyDescription("Backing file of the disk on the RDS, fixed when the disk was created or adopted.")
        String filePath,

        @JsonPropertyDescription("NVMe Qualified Name under which the disk is exported.")
        String nqn,

        @JsonPropertyDescription("Where initiators connect to the disk over NVMe/TCP.")
        NvmeTcp nvmeTcp,

        @JsonPropertyDescription("Size of the disk on the RDS in bytes, as RouterOS reports it.")
        Long capacityBytes,

        @JsonPropertyDescription("capacityBytes as a Kubernetes quantity, e.g. 10Gi (the Capacity column).")
        String capacity,

        @JsonPropertyDescription("Human-readable detail of the last outcome.")
        String message,

        @JsonPropertyDescription("The RDS the volume was provisioned on; a volume never moves to another server.")
        Server server,

        @JsonPropertyDescription(
                "True when an existing unmarked disk was taken over (its default deletion policy" + " is then Retain).")
        Boolean adopted,

        @JsonPropertyDescription("The spec.recreateMissingDisk value already answered, so that one request makes at"
                + " most one new disk.")
        String lastRecreateRequest,

        @JsonPropertyDescription("Name of the PersistentVolume written for this volume (spec.persistentVolume, or a"
                + " claim of an rds.srvlab.io StorageClass); absent when there is none.")
        String persistentVolume,

        @JsonPropertyDescription("Published when the disk is found missing: set spec.recreateMissingDisk to this"
                + " value to ask for a new, EMPTY disk. Any other value asks for nothing.")
        String recreateToken,

        @JsonPropertyDescription("UID of the PersistentVolumeClaim a StorageClass provisioned this volume for, recorded"
                + " once the claim itself was checked; absent for a volume written by hand.")
        String claimUid) {

    /** A status without a PersistentVolume. */
    public RdsVolumeStatus(
            Phase phase,
            List<Condition> conditions,
            Long observedGeneration,
            String slot,
            String filePath,
            String nqn,
            NvmeTcp nvmeTcp,
            Long capacityBytes,
            String capacity,
            String message,
            Server server,
            Boolean adopted,
            String lastRecreateRequest) {
        this(
                phase,
                conditions,
                observedGeneration,
                slot,
                filePath,
                nqn,
                nvmeTcp,
                capacityBytes,
                capacity,
                message,
                server,
                adopted,
                lastRecreateRequest,
                null,
                null,
                null);
    }

    public static RdsVolumeStatus empty() {
        return new RdsVolumeStatus(
                null, List.of(), null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The same disk facts with a new phase, conditions and message. */
    public RdsVolumeStatus withOutcome(Phase phase, List<Condition> conditions, long generation, String message) {
        var copy = new Copy(this);
        copy.phase = phase;
        copy.conditions = conditions;
        copy.observedGeneration = generation;
        copy.message = message;
        return copy.build();
    }

    /** What the RDS reported of the disk, and the server it is on. */
    public RdsVolumeStatus withDisk(
            String slot, String filePath, String nqn, NvmeTcp nvmeTcp, Long capacityBytes, Server server) {
        var copy = new Copy(this);
        copy.slot = slot;
        copy.filePath = filePath;
        copy.nqn = nqn;
        copy.nvmeTcp = nvmeTcp;
        copy.capacityBytes = capacityBytes;
        copy.capacity = Quantities.binary(capacityBytes);
        copy.server = server;
        return copy.build();
    }

    /** The name of the PersistentVolume written for this volume, or null when there is none. */
    public RdsVolumeStatus withPersistentVolume(String name) {
        var copy = new Copy(this);
        copy.persistentVolume = name;
        return copy.build();
    }

    /** The same facts with other conditions. */
    public RdsVolumeStatus withConditions(List<Condition> conditions) {
        var copy = new Copy(this);
        copy.conditions = conditions;
        return copy.build();
    }

    public RdsVolumeStatus withAdopted(Boolean adopted) {
        var copy = new Copy(this);
        copy.adopted = adopted;
        return copy.build();
    }

    public RdsVolumeStatus withLastRecreateRequest(String lastRecreateRequest) {
        var copy = new Copy(this);
        copy.lastRecreateRequest = lastRecreateRequest;
        return copy.build();
    }

    public RdsVolumeStatus withRecreateToken(String recreateToken) {
        var copy = new Copy(this);
        copy.recreateToken = recreateToken;
        return copy.build();
    }

    public RdsVolumeStatus withClaimUid(String claimUid) {
        var copy = new Copy(this);
        copy.claimUid = claimUid;
        return copy.build();
    }

    /** A mutable copy, so each wither names only what it changes. */
    private static final class Copy {
        private Phase phase;
        private List<Condition> conditions;
        private Long observedGeneration;
        private String slot;
        private String filePath;
        private String nqn;
        private NvmeTcp nvmeTcp;
        private Long capacityBytes;
        private String capacity;
        private String message;
        private Server server;
        private Boolean adopted;
        private String lastRecreateRequest;
        private String persistentVolume;
        private String recreateToken;
        private String claimUid;

        Copy(RdsVolumeStatus s) {
            phase = s.phase;
            conditions = s.conditions;
            observedGeneration = s.observedGeneration;
            slot = s.slot;
            filePath = s.filePath;
            nqn = s.nqn;
            nvmeTcp = s.nvmeTcp;
            capacityBytes = s.capacityBytes;
            capacity = s.capacity;
            message = s.message;
            server = s.server;
            adopted = s.adopted;
            lastRecreateRequest = s.lastRecreateRequest;
            persistentVolume = s.persistentVolume;
            recreateToken = s.recreateToken;
            claimUid = s.claimUid;
        }

        RdsVolumeStatus build() {
            return new RdsVolumeStatus(
                    phase,
                    conditions,
                    observedGeneration,
                    slot,
                    filePath,
                    nqn,
                    nvmeTcp,
                    capacityBytes,
                    capacity,
                    message,
                    server,
                    adopted,
                    lastRecreateRequest,
                    persistentVolume,
                    recreateToken,
                    claimUid);
        }
    }

    public enum Phase {
        Pending,
        Creating,
        Ready,
        Resizing,
        Deleting,
        Failed
    }

    /** Where initiators reach the export. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NvmeTcp(
            @JsonPropertyDescription("Address initiators connect to: the RdsPoolConfig's first spec.nvmeTcp address,"
                    + " else its SSH address.")
            String address,

            @JsonPropertyDescription("TCP port of the NVMe/TCP target (usually 4420).")
            Integer port,

            @JsonPropertyDescription("Every data address, when the pool config names more than one.")
            List<String> addresses) {
        public NvmeTcp(String address, Integer port) {
            this(address, port, null);
        }
    }

    /**
     * The RDS the volume was provisioned on, fixed from then on: the pinned host key's fingerprint, or address and
     * port when the host key was not verified.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Server(
            @JsonPropertyDescription("Address of the RDS when the disk was provisioned.")
            String address,

            @JsonPropertyDescription("SSH port of the RDS when the disk was provisioned.")
            Integer port,

            @JsonPropertyDescription(
                    "SHA-256 fingerprint of the pinned host key; absent when the host key was not" + " verified.")
            String hostKeyFingerprint) {}
}
