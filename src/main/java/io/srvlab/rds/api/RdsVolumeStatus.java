package io.srvlab.rds.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the operator observed of one volume on the RDS. Written by the operator only.
 *
 * @param slot, filePath, nqn, server recorded when the disk was provisioned and used from then on
 * @param adopted the disk existed before and was taken over (its default deletion policy is Retain)
 * @param lastRecreateRequest the {@code spec.recreateMissingDisk} value already answered (or current when the disk
 *     went missing), so one request makes at most one new disk
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RdsVolumeStatus(
        Phase phase,
        List<Condition> conditions,
        Long observedGeneration,
        String slot,
        String filePath,
        String nqn,
        NvmeTcp nvmeTcp,
        Long capacityBytes,
        String message,
        Server server,
        Boolean adopted,
        String lastRecreateRequest) {

    public static RdsVolumeStatus empty() {
        return new RdsVolumeStatus(null, List.of(), null, null, null, null, null, null, null, null, null, null);
    }

    /** The same disk facts with a new phase, conditions and message. */
    public RdsVolumeStatus withOutcome(Phase phase, List<Condition> conditions, long generation, String message) {
        return new RdsVolumeStatus(
                phase,
                conditions,
                generation,
                slot,
                filePath,
                nqn,
                nvmeTcp,
                capacityBytes,
                message,
                server,
                adopted,
                lastRecreateRequest);
    }

    /** What the RDS reported of the disk, and the server it is on. */
    public RdsVolumeStatus withDisk(
            String slot, String filePath, String nqn, NvmeTcp nvmeTcp, Long capacityBytes, Server server) {
        return new RdsVolumeStatus(
                phase,
                conditions,
                observedGeneration,
                slot,
                filePath,
                nqn,
                nvmeTcp,
                capacityBytes,
                message,
                server,
                adopted,
                lastRecreateRequest);
    }

    public RdsVolumeStatus withAdopted(Boolean adopted) {
        return new RdsVolumeStatus(
                phase,
                conditions,
                observedGeneration,
                slot,
                filePath,
                nqn,
                nvmeTcp,
                capacityBytes,
                message,
                server,
                adopted,
                lastRecreateRequest);
    }

    public RdsVolumeStatus withLastRecreateRequest(String lastRecreateRequest) {
        return new RdsVolumeStatus(
                phase,
                conditions,
                observedGeneration,
                slot,
                filePath,
                nqn,
                nvmeTcp,
                capacityBytes,
                message,
                server,
                adopted,
                lastRecreateRequest);
    }

    public enum Phase {
        Pending,
        Creating,
        Ready,
        Resizing,
        Deleting,
        Failed
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NvmeTcp(String address, Integer port) {}

    /**
     * The RDS the volume was provisioned on, fixed from then on: the pinned host key's fingerprint, or address and
     * port when the host key was not verified.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Server(String address, Integer port, String hostKeyFingerprint) {}
}
