package com.mangaassist.release.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeniedComponentsTest {

    @Test
    void compare_ordersVersionsBySegmentsNumerically() {
        assertThat(DeniedComponents.compare("2.9.1", "2.17.1")).isNegative();
        assertThat(DeniedComponents.compare("2.17.1", "2.17.1")).isZero();
        assertThat(DeniedComponents.compare("2.17.1-rc1", "2.17.1")).isNegative();
        assertThat(DeniedComponents.compare("2.17", "2.17.0")).isZero();
        assertThat(DeniedComponents.compare("3.0.0", "2.99")).isPositive();
    }

    @Test
    void violations_findNestedComponentsInTheDeniedRangeOnly() throws Exception {
        String bom = "{\"bomFormat\":\"CycloneDX\",\"components\":[{\"group\":\"org.apache.logging.log4j\",\"name\":\"log4j-core\",\"version\":\"2.17.1\"},"
                + "{\"group\":\"x\",\"name\":\"shaded\",\"version\":\"1\",\"components\":[{\"group\":\"org.apache.logging.log4j\",\"name\":\"log4j-core\","
                + "\"version\":\"2.14.1\"}]}]}";

        assertThat(DeniedComponents.of(List.of(DeniedComponents.LOG4SHELL)).violations(new ObjectMapper().readTree(bom)))
                .containsExactly("org.apache.logging.log4j:log4j-core@2.14.1 (" + DeniedComponents.LOG4SHELL + ")");
    }

    @Test
    void of_whenARuleIsMalformed_saysWhichAndHow() {
        assertThatThrownBy(() -> DeniedComponents.of(List.of("log4j-core before 2.17"))).hasMessageContaining("log4j-core before 2.17")
                .hasMessageContaining("group:name<version");
    }
}
