package io.srvlab.rds.operator;

import io.fabric8.kubernetes.api.model.Quantity;
import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.rds.VolumePlan;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Derives where and how an RdsVolume lives on its RDS. */
final class VolumePlans {
    /** Slots derived from the uid: 5 + 36 characters, within the 63 allowed. */
    static final String SLOT_PREFIX = "rdsv-";

    private VolumePlans() {}

    static VolumePlan of(RdsVolume volume, RdsPoolConfigSpec.VolumeDefaults defaults) {
        String slot = slotOf(volume);
        String basePath = defaults.basePath().endsWith("/")
                ? defaults.basePath().substring(0, defaults.basePath().length() - 1)
                : defaults.basePath();
        return new VolumePlan(
                slot,
                basePath + "/" + slot + ".img",
                bytes(volume.getSpec().size()),
                // NQNs are lower case; an adopted slot may not be.
                defaults.nqnPrefix() + ":" + slot.toLowerCase(Locale.ROOT),
                defaults.nvmeTcpPort());
    }

    static String slotOf(RdsVolume volume) {
        String explicit = volume.getSpec().slot();
        return explicit != null && !explicit.isEmpty()
                ? explicit
                : SLOT_PREFIX + volume.getMetadata().getUid();
    }

    /**
     * Exact bytes of a quantity, rounded up so a volume is never smaller than asked; beyond {@code long} it is {@link
     * Long#MAX_VALUE}, which the command builder refuses as too large (a clear condition, not a reconcile error).
     */
    static long bytes(String size) {
        BigDecimal bytes = Quantity.getAmountInBytes(new Quantity(size)).setScale(0, RoundingMode.CEILING);
        return bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : bytes.longValueExact();
    }
}
