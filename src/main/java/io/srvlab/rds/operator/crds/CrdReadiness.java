package io.srvlab.rds.operator.crds;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the reconcilers wait for CRDs as new as the operator's ({@link CrdGatedStart}). */
@Readiness
@ApplicationScoped
public class CrdReadiness implements HealthCheck {
    private final CrdGatedStart start;

    CrdReadiness(CrdGatedStart start) {
        this.start = start;
    }

    @Override
    public HealthCheckResponse call() {
        CrdCompatibility.Verdict verdict = start.lastVerdict();
        return HealthCheckResponse.named("rds-crds")
                .status(start.serving())
                .withData(
                        "detail",
                        start.serving()
                                ? "serving"
                                : verdict == null ? "checking the installed CRDs" : verdict.describe())
                .build();
    }
}
