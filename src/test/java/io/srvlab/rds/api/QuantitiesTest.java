package io.srvlab.rds.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantitiesTest {

    @ParameterizedTest
    @CsvSource({
        "10737418240, 10Gi",
        "1073741824, 1Gi",
        "1610612736, 1536Mi",
        "1536, 1536",
        "1024, 1Ki",
        "0, 0",
        "1099511627776, 1Ti"
    })
    void bytesAreWrittenWithTheLargestBinarySuffixThatDividesEvenly(long bytes, String quantity) {
        assertThat(Quantities.binary(bytes)).isEqualTo(quantity);
    }

    @org.junit.jupiter.api.Test
    void noBytesNoQuantity() {
        assertThat(Quantities.binary(null)).isNull();
    }
}
