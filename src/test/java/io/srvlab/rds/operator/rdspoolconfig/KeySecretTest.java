package io.srvlab.rds.operator.rdspoolconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.operator.common.Reasons;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeySecretTest {
    private static final String KEY =
            "-----BEGIN OPENSSH PRIVATE KEY-----\nsecret\n-----END OPENSSH PRIVATE KEY-----\n";

    @Test
    void theKeyIsReadFromDataOrStringData() {
        assertThat(KeySecret.read(spec("rds-system"), Optional.of(secret(true)), "rds-system")
                        .privateKey())
                .isEqualTo(KEY);
        assertThat(KeySecret.read(spec("rds-system"), Optional.of(secret(false)), "rds-system")
                        .privateKey())
                .isEqualTo(KEY);
    }

    @Test
    void eachProblemHasItsReasonAndNoneShowsTheKey() {
        var outside = KeySecret.read(spec("other"), Optional.of(secret(true)), "rds-system");
        assertThat(outside.problem().getReason()).isEqualTo(Reasons.SECRET_NAMESPACE_NOT_WATCHED);
        var missing = KeySecret.read(spec("rds-system"), Optional.empty(), "rds-system");
        assertThat(missing.problem().getReason()).isEqualTo(Reasons.SECRET_NOT_FOUND);
        var wrongKey = new SecretBuilder().addToStringData("other", KEY).build();
        var noKey = KeySecret.read(spec("rds-system"), Optional.of(wrongKey), "rds-system");
        assertThat(noKey.problem().getReason()).isEqualTo(Reasons.SECRET_KEY_NOT_FOUND);
        var usable = KeySecret.read(spec("rds-system"), Optional.of(secret(true)), "rds-system");
        assertThat(usable.toString()).doesNotContain("secret");
    }

    private static Secret secret(boolean asData) {
        var builder = new SecretBuilder();
        return asData
                ? builder.addToData(
                                "id_ed25519", Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8)))
                        .build()
                : builder.addToStringData("id_ed25519", KEY).build();
    }

    private static RdsPoolConfigSpec spec(String secretNamespace) {
        return new RdsPoolConfigSpec(
                new RdsPoolConfigSpec.Server(
                        "10.0.0.1",
                        22,
                        "admin",
                        new RdsPoolConfigSpec.SecretKeyRef(secretNamespace, "rds-ssh", "id_ed25519"),
                        null,
                        true,
                        "10s",
                        "30s"),
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
