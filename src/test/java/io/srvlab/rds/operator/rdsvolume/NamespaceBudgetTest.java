package io.srvlab.rds.operator.rdsvolume;

import static org.assertj.core.api.Assertions.assertThat;

import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.api.TenantLimits;
import io.srvlab.rds.api.TenantLimits.Limit;
import io.srvlab.rds.operator.rdsvolume.NamespaceBudget.Holding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamespaceBudgetTest {
    private static final long GI = 1L << 30;

    private static RdsPoolConfigSpec.Tenancy limits(Limit fallback, String namespace, Limit override) {
        return new RdsPoolConfigSpec.Tenancy(null, null, null, new TenantLimits(fallback, Map.of(namespace, override)));
    }

    @Test
    void noLimitsMeansUnlimited() {
        assertThat(NamespaceBudget.of(null, "apps").unlimited()).isTrue();
        assertThat(NamespaceBudget.of(new RdsPoolConfigSpec.Tenancy(List.of("apps"), null, null), "apps")
                        .unlimited())
                .isTrue();
    }

    @Test
    void anOverrideReplacesTheDefaultFieldByField() {
        var tenancy = limits(new Limit(10L, "100Gi"), "big", new Limit(500L, null));
        assertThat(NamespaceBudget.of(tenancy, "big")).isEqualTo(new NamespaceBudget(500L, 100 * GI));
        assertThat(NamespaceBudget.of(tenancy, "small")).isEqualTo(new NamespaceBudget(10L, 100 * GI));
    }

    @Test
    void anOverrideAloneLimitsOnlyItsNamespace() {
        var tenancy = limits(null, "capped", new Limit(null, "1Ti"));
        assertThat(NamespaceBudget.of(tenancy, "capped")).isEqualTo(new NamespaceBudget(null, 1024 * GI));
        assertThat(NamespaceBudget.of(tenancy, "other").unlimited()).isTrue();
    }

    @Test
    void aCreateAtTheCountLimitIsRefusedWithTheNumbers() {
        var budget = new NamespaceBudget(3L, null);
        assertThat(budget.refusal(new Holding(2, 0), new Holding(1, GI))).isEmpty();
        assertThat(budget.refusal(new Holding(3, 0), new Holding(1, GI)))
                .contains("RdsVolumes: 3 used, 1 requested, limit 3");
    }

    @Test
    void bytesCountWhatIsHeldAndWhatIsAsked() {
        var budget = new NamespaceBudget(null, 10 * GI);
        assertThat(budget.refusal(new Holding(4, 6 * GI), new Holding(1, 4 * GI)))
                .isEmpty();
        assertThat(budget.refusal(new Holding(4, 6 * GI), new Holding(1, 4 * GI + 1)))
                .contains("bytes: " + 6 * GI + " used, " + (4 * GI + 1) + " requested, limit " + 10 * GI);
    }

    @Test
    void aGrowAddsNoVolumeSoALoweredCountDoesNotStopIt() {
        var budget = new NamespaceBudget(1L, 10 * GI);
        assertThat(budget.refusal(new Holding(5, 2 * GI), new Holding(0, GI))).isEmpty();
        assertThat(budget.refusal(new Holding(5, 2 * GI), new Holding(0, 9 * GI)))
                .isPresent();
    }

    @Test
    void aZeroLimitRefusesEveryCreate() {
        assertThat(new NamespaceBudget(0L, null).refusal(Holding.NONE, new Holding(1, 1)))
                .isPresent();
    }

    @Test
    void hugeSumsSaturateInsteadOfWrapping() {
        var budget = new NamespaceBudget(null, Long.MAX_VALUE - 1);
        assertThat(budget.refusal(new Holding(1, Long.MAX_VALUE - 10), new Holding(1, 100)))
                .isPresent();
    }
}
