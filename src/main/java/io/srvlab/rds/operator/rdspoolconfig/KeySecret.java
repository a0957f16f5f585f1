package io.srvlab.rds.operator.rdspoolconfig;

import io.fabric8.kubernetes.api.model.Secret;
import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.operator.common.ConditionTypes;
import io.srvlab.rds.operator.common.Conditions;
import io.srvlab.rds.operator.common.Reasons;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The SSH private key an RdsPoolConfig names, read once from its Secret; or why it cannot be used. The key text is
 * never logged or put into a message.
 */
record KeySecret(String privateKey, Condition problem) {

    boolean usable() {
        return privateKey != null;
    }

    static KeySecret read(RdsPoolConfigSpec spec, Optional<Secret> secret, String watchedNamespace) {
        var ref = spec.server().privateKeySecretRef();
        String name = "Secret " + ref.namespace() + "/" + ref.name();
        if (!watchedNamespace.equals(ref.namespace())) {
            return problem(
                    Reasons.SECRET_NAMESPACE_NOT_WATCHED,
                    name + " is outside the operator's namespace " + watchedNamespace
                            + "; only that namespace's Secrets are read");
        }
        if (secret.isEmpty()) {
            return problem(
                    Reasons.SECRET_NOT_FOUND,
                    name + " does not exist, or lacks the label " + PoolConfigWatch.KEY_SECRET_LABEL
                            + "=true that the operator selects key Secrets by");
        }
        return value(secret.get(), ref.key())
                .map(key -> new KeySecret(key, null))
                .orElseGet(() -> problem(Reasons.SECRET_KEY_NOT_FOUND, name + " has no key " + ref.key()));
    }

    private static Optional<String> value(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().get(key) != null) {
            return Optional.of(
                    new String(Base64.getMimeDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
        }
        return secret.getStringData() == null
                ? Optional.empty()
                : Optional.ofNullable(secret.getStringData().get(key));
    }

    private static KeySecret problem(String reason, String message) {
        return new KeySecret(null, Conditions.of(ConditionTypes.READY, false, reason, message));
    }

    @Override
    public String toString() {
        return usable() ? "KeySecret[usable]" : "KeySecret[" + problem.getReason() + "]";
    }
}
