package io.srvlab.rds.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.srvlab.rds.routeros.RouterOsValues;
import org.junit.jupiter.api.Test;

class OwnerMarkerTest {
    private static final OwnerMarker MARKER =
            new OwnerMarker("0b5c2f4e-1111-2222-3333-444455556666", "apps", "postgres-data", "rds-main");

    @Test
    void theCommentNamesUidVolumeAndPoolAndReadsBack() throws Exception {
        assertThat(MARKER.text())
                .isEqualTo("rds-operator owner=0b5c2f4e-1111-2222-3333-444455556666 volume=apps/postgres-data"
                        + " pool=rds-main");
        assertThat(OwnerMarker.parse(MARKER.text())).contains(MARKER);
        assertThat(RouterOsValues.comment(MARKER.text())).isEqualTo(MARKER.text());
    }

    @Test
    void theLongestNamesAreLeftOutButTheUidAlwaysStays() throws Exception {
        var longest = new OwnerMarker(
                "0b5c2f4e-1111-2222-3333-444455556666", "n".repeat(63), "v".repeat(253), "p".repeat(253));
        assertThat(longest.text()).hasSizeLessThanOrEqualTo(OwnerMarker.MAX_LENGTH);
        assertThat(RouterOsValues.comment(longest.text())).isEqualTo(longest.text());
        assertThat(OwnerMarker.parse(longest.text()))
                .hasValueSatisfying(m -> assertThat(m.volumeUid()).isEqualTo(longest.volumeUid()));
    }

    @Test
    void anAdoptedDiskSaysSoRightAfterItsOwner() {
        assertThat(MARKER.asAdopted().text())
                .startsWith("rds-operator owner=0b5c2f4e-1111-2222-3333-444455556666 adopted=yes ");
        assertThat(OwnerMarker.parse(MARKER.asAdopted().text())).contains(MARKER.asAdopted());
        assertThat(OwnerMarker.parse(MARKER.text()).orElseThrow().adopted()).isFalse();
    }

    @Test
    void commentsThatAreNotOursAreNoMarker() {
        assertThat(OwnerMarker.parse("")).isEmpty();
        assertThat(OwnerMarker.parse(null)).isEmpty();
        assertThat(OwnerMarker.parse("database of team x")).isEmpty();
        assertThat(OwnerMarker.parse("rds-operator")).isEmpty();
        assertThat(OwnerMarker.parse("rds-operator owner=XYZ volume=a/b pool=c"))
                .isEmpty();
        assertThat(OwnerMarker.parse("rds-operator volume=a/b pool=c")).isEmpty();
        assertThat(OwnerMarker.parse("rds-operatorX owner=0b5c volume=a/b pool=c"))
                .isEmpty();
    }

    @Test
    void onlyKubernetesNamesAndUidsMakeAMarker() {
        assertThatThrownBy(() -> new OwnerMarker("0b5c", "Apps", "v", "p"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OwnerMarker("0b5c;", "apps", "v", "p"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OwnerMarker("0b5c", "apps", "v\"", "p"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
