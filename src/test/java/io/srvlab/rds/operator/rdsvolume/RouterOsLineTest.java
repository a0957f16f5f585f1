package io.srvlab.rds.operator.rdsvolume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checker behind {@link CommandInjectionProperties} must itself catch what it is there to catch. */
class RouterOsLineTest {
    @Test
    void readsQuotedValuesBackAndNamesArguments() {
        var line = RouterOsLine.parse(
                "/disk add type=file file-path=\"/a b/\\\"x\\$y\\\\z\" file-size=1G slot=\"s-1\" nvme-tcp-server-port=4420");
        assertThat(line.quoted()).containsExactly("/a b/\"x$y\\z", "s-1");
        assertThat(line.argumentNames())
                .containsExactly("type", "file-path", "file-size", "slot", "nvme-tcp-server-port");
        assertThat(RouterOsLine.parse("/disk remove [find slot=\"s\"]").quoted())
                .containsExactly("s");
        assertThat(RouterOsLine.parse("/disk print detail where slot~\"^rdsv-\"")
                        .quoted())
                .containsExactly("^rdsv-");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/disk remove slot=\"a\";/system reboot",
                "/disk remove slot=a;b",
                "/disk remove slot=\"a$b\"",
                "/disk remove slot=\"a\\nb\"",
                "/disk remove slot=\"a\nb\"",
                "/disk remove slot=\"a\rb\"",
                "/disk remove slot=\"a\tb\"",
                "/disk remove slot=\"a?\"",
                "/disk remove slot=\"é\"",
                "/disk remove slot=\"a\\\"",
                "/disk remove slot=\"a",
                "/disk remove slot=[/system reboot]",
                "/disk remove [find slot=\"a\"] [find]",
                "/disk remove [find slot=\"a\"",
                "/disk remove slot=$x",
                "/disk remove slot={a}",
                "/disk remove slot=a#b",
                "/disk  remove",
                "/disk remove "
            })
    void refusesWhatRouterOsWouldTreatSpecially(String line) {
        assertThatThrownBy(() -> RouterOsLine.parse(line)).isInstanceOf(IllegalArgumentException.class);
    }
}
