package io.srvlab.rds.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.RouterOsValues;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

/** A value quoted by the client reaches the (simulated) device as exactly one argument with the same text. */
class QuotingProperties {

    @Property(tries = 300)
    void quotedValuesArriveVerbatim(
            @ForAll @StringLength(min = 1, max = 80) @CharRange(from = ' ', to = '~') String value) {
        String quoted;
        try {
            quoted = RouterOsValues.quote(value);
        } catch (RouterOsException e) {
            assertThat(value).contains("?");
            return;
        }
        SimulatedRds rds = new SimulatedRds();
        CliInterpreter cli = new CliInterpreter(rds, new SimulatorKnobs());
        CliInterpreter.Reply reply =
                cli.execute("/disk add type=file file-path=/storage-pool/x.img file-size=1M slot=" + quoted, 78);
        assertThat(reply.error()).as(reply.text()).isFalse();
        assertThat(rds.disks()).singleElement().satisfies(d -> assertThat(d.slot())
                .isEqualTo(value));
    }
}
