package io.srvlab.rds.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** What the operator observed of one volume on the RDS. Written by the operator only. */
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
        String message) {

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
}
