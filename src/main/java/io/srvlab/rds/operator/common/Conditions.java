package io.srvlab.rds.operator.common;

import io.srvlab.rds.api.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Sets Kubernetes-style conditions the way kubectl and Argo CD expect: one entry per type, and
 * {@code lastTransitionTime} moves only when the status flips, so an unchanged outcome yields an equal list (and no
 * status write).
 */
public final class Conditions {
    private final Clock clock;

    public Conditions(Clock clock) {
        this.clock = clock;
    }

    public List<Condition> set(List<Condition> current, Condition wanted, long generation) {
        List<Condition> result = new ArrayList<>();
        boolean replaced = false;
        for (Condition existing : current == null ? List.<Condition>of() : current) {
            if (existing.getType().equals(wanted.getType())) {
                result.add(merge(existing, wanted, generation));
                replaced = true;
            } else {
                result.add(existing);
            }
        }
        if (!replaced) {
            result.add(merge(null, wanted, generation));
        }
        return result;
    }

    private Condition merge(Condition existing, Condition wanted, long generation) {
        // message is required by the schema (as in metav1.Condition) but may be empty
        var merged = new Condition(
                wanted.getType(),
                wanted.getStatus(),
                wanted.getReason(),
                Objects.requireNonNullElse(wanted.getMessage(), ""));
        merged.setObservedGeneration(generation);
        boolean sameStatus = existing != null && existing.getStatus().equals(wanted.getStatus());
        merged.setLastTransitionTime(sameStatus ? existing.getLastTransitionTime() : now().toString());
        return merged;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null
                ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type)
                .map(c -> Condition.TRUE.equals(c.getStatus()))
                .orElse(false);
    }

    public static Condition of(String type, boolean status, String reason, String message) {
        return new Condition(type, status ? Condition.TRUE : Condition.FALSE, reason, message);
    }
}
