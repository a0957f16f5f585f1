package io.srvlab.rds.operator.rdsvolume;

import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.api.TenantLimits;
import java.util.Optional;

/**
 * What one namespace may hold on one RDS (from {@code spec.tenancy.limits}: its override, else the default, field by
 * field); a null field is not limited.
 */
record NamespaceBudget(Long maxVolumes, Long maxBytes) {
    static final NamespaceBudget UNLIMITED = new NamespaceBudget(null, null);

    /** Volumes and bytes held, or asked for. */
    record Holding(long volumes, long bytes) {
        static final Holding NONE = new Holding(0, 0);

        Holding plus(Holding other) {
            return new Holding(volumes + other.volumes, saturatedSum(bytes, other.bytes));
        }

        boolean isNone() {
            return volumes == 0 && bytes == 0;
        }
    }

    static NamespaceBudget of(RdsPoolConfigSpec.Tenancy tenancy, String namespace) {
        if (tenancy == null || tenancy.limits() == null) {
            return UNLIMITED;
        }
        TenantLimits.Limit limit = tenancy.limits().forNamespace(namespace);
        Long volumes = limit.maxVolumes();
        String size = limit.maxSize();
        return new NamespaceBudget(volumes, size == null ? null : VolumePlans.bytes(size));
    }

    boolean unlimited() {
        return maxVolumes == null && maxBytes == null;
    }

    /**
     * Why {@code used} plus {@code added} does not fit, with the numbers; empty when it does. A limit is only checked
     * for what grows: a grow adds no volume, so a namespace over its count (the limit lowered) may still grow a disk
     * within its bytes.
     */
    Optional<String> refusal(Holding used, Holding added) {
        if (maxVolumes != null && added.volumes() > 0 && used.volumes() + added.volumes() > maxVolumes) {
            return Optional.of(
                    "RdsVolumes: " + used.volumes() + " used, " + added.volumes() + " requested, limit " + maxVolumes);
        }
        if (maxBytes != null && added.bytes() > 0 && saturatedSum(used.bytes(), added.bytes()) > maxBytes) {
            return Optional.of("bytes: " + used.bytes() + " used, " + added.bytes() + " requested, limit " + maxBytes);
        }
        return Optional.empty();
    }

    private static long saturatedSum(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
