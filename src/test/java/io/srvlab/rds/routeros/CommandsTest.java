package io.srvlab.rds.routeros;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.srvlab.rds.routeros.RouterOsException.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandsTest {
    private static final String NQN = "nqn.2000-02.com.mikrotik:pvc-1";
    /** An owner marker as the operator writes it: spaces, {@code =}, {@code /}, {@code -}, digits. */
    private static final String MARKER =
            "rds-operator owner=27add21e-c5ed-42e9-9ebc-c359af536b40 volume=apps/postgres-data pool=rds-main";

    @Test
    void createFileDisk() throws Exception {
        RouterOsCommand c = RouterOsCommands.addFileDisk(
                new CreateDisk("pvc-1", "/storage-pool/k8s/pvc-1.img", 10L << 30, 4420, NQN));
        assertThat(c.name()).isEqualTo("disk-add");
        assertThat(c.line())
                .isEqualTo("/disk add type=file file-path=\"/storage-pool/k8s/pvc-1.img\" file-size=10G"
                        + " slot=\"pvc-1\" nvme-tcp-export=yes nvme-tcp-server-port=4420"
                        + " nvme-tcp-server-nqn=\"nqn.2000-02.com.mikrotik:pvc-1\" mount-filesystem=no");
    }

    @Test
    void otherCommands() throws Exception {
        assertThat(RouterOsCommands.identity().line()).isEqualTo("/system identity print");
        assertThat(RouterOsCommands.resource().line()).isEqualTo("/system resource print");
        assertThat(RouterOsCommands.diskBySlot("pvc-1").line()).isEqualTo("/disk print detail where slot=\"pvc-1\"");
        assertThat(RouterOsCommands.disksBySlotPrefix("pvc-").line())
                .isEqualTo("/disk print detail where slot~\"^pvc-\"");
        assertThat(RouterOsCommands.resizeDisk("pvc-1", MARKER, (1L << 30) + 1).line())
                .isEqualTo(
                        "/disk set [find slot=\"pvc-1\" and type=file and comment=\"" + MARKER + "\"] file-size=1025M");
        assertThat(RouterOsCommands.removeDisk("pvc-1", MARKER).line())
                .isEqualTo("/disk remove [find slot=\"pvc-1\" and type=file and comment=\"" + MARKER + "\"]");
        assertThat(RouterOsCommands.removeFile("/storage-pool/k8s/pvc-1.img").line())
                .isEqualTo("/file remove [find name=\"storage-pool/k8s/pvc-1.img\"]");
        assertThat(RouterOsCommands.mountPointCapacity("/storage-pool").line())
                .isEqualTo("/disk print detail where mount-point=\"storage-pool\"");
    }

    @Test
    void everySetAndRemoveOfADiskNamesTheFileDiskWithTheCommentItWasCheckedWith() throws Exception {
        assertThat(RouterOsCommands.markDisk("legacy", MARKER + " adopted=yes").line())
                .isEqualTo("/disk set [find slot=\"legacy\" and type=file and comment=\"\"] comment=\"" + MARKER
                        + " adopted=yes\"");
        assertThat(RouterOsCommands.removeDisk("legacy", "").line())
                .as("a disk from before markers is removed only while it still has no comment")
                .isEqualTo("/disk remove [find slot=\"legacy\" and type=file and comment=\"\"]");
        for (String hostile : List.of(
                "x\" or comment=\"", "x] ; /system reboot ; [", "$evil", "x\\", "a\nb", "owner=x?", "ünïcode")) {
            assertInvalid(() -> RouterOsCommands.removeDisk("pvc-1", hostile));
            assertInvalid(() -> RouterOsCommands.resizeDisk("pvc-1", hostile, 1L << 30));
            assertInvalid(() -> RouterOsCommands.setExport("pvc-1", hostile, 4420, NQN));
            assertInvalid(() -> RouterOsCommands.markDisk("pvc-1", hostile));
        }
        assertInvalid(() -> RouterOsCommands.markDisk("pvc-1", ""));
    }

    @Test
    void setExportQuotesItsValuesAndRefusesWhatIsNotAllowListed() throws Exception {
        assertThat(RouterOsCommands.setExport("pvc-1", MARKER, 4420, NQN).line())
                .isEqualTo("/disk set [find slot=\"pvc-1\" and type=file and comment=\"" + MARKER + "\"]"
                        + " nvme-tcp-export=yes nvme-tcp-server-port=4420"
                        + " nvme-tcp-server-nqn=\"nqn.2000-02.com.mikrotik:pvc-1\"");
        assertInvalid(() -> RouterOsCommands.setExport("pvc-1;/system reboot", MARKER, 4420, NQN));
        assertInvalid(() -> RouterOsCommands.setExport("pvc-1", MARKER, 0, NQN));
        assertInvalid(() -> RouterOsCommands.setExport("pvc-1", MARKER, 4420, NQN + "\" comment=\"x"));
        assertInvalid(() -> RouterOsCommands.setExport("pvc-1", MARKER, 4420, "nqn.2000-02.com.mikrotik:$x"));
    }

    @ParameterizedTest
    @CsvSource({
        "1,1M,1048576",
        "1048576,1M,1048576",
        "1048577,2M,2097152",
        "1073741824,1G,1073741824",
        "1610612736,1536M,1610612736",
        "1099511627776,1T,1099511627776",
        "10000000000,9537M,10000269312",
    })
    void sizesRoundUpNeverDown(long requested, String cli, long bytes) throws Exception {
        DiskSize size = DiskSize.roundUp(requested);
        assertThat(size.cli()).isEqualTo(cli);
        assertThat(size.bytes()).isEqualTo(bytes).isGreaterThanOrEqualTo(requested);
    }

    @Test
    void badSizesAndPorts() {
        assertInvalid(() -> DiskSize.roundUp(0));
        assertInvalid(() -> DiskSize.roundUp(-5));
        assertInvalid(() -> DiskSize.roundUp(Long.MAX_VALUE));
        assertInvalid(() -> RouterOsValues.port(0));
        assertInvalid(() -> RouterOsValues.port(65536));
    }

    @Test
    void quotingEscapesAndRefuses() throws Exception {
        assertThat(RouterOsValues.quote("a\\b\"c$d")).isEqualTo("\"a\\\\b\\\"c\\$d\"");
        assertInvalid(() -> RouterOsValues.quote("a\nb"));
        assertInvalid(() -> RouterOsValues.quote("a\u0000"));
        assertInvalid(() -> RouterOsValues.quote("what?"));
        assertInvalid(() -> RouterOsValues.quote("é"));
    }

    interface Call {
        void run() throws Exception;
    }

    static void assertInvalid(Call call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RouterOsException.class, e -> assertThat(e.kind())
                .isEqualTo(Kind.INVALID_VALUE));
    }
}
