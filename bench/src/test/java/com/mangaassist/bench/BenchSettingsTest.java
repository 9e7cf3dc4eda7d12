package com.mangaassist.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchSettingsTest {

    @Test
    void theRetrievalPartRunsOnlyWhenNamed() {
        BenchSettings defaults = BenchSettings.parse(new String[0]);
        assertThat(defaults.runs("burst")).isTrue();
        assertThat(defaults.runs("retrieval")).isFalse();
        assertThat(defaults.retrievalRate()).isEqualTo(20);
        assertThat(defaults.retrievalDecode()).isEqualTo("0ms");
        assertThat(defaults.retrievalProbe()).isTrue();
        assertThat(defaults.searchNodeVariants()).isEmpty();

        BenchSettings retrieval = BenchSettings.parse(new String[] {"--only", "retrieval"});
        assertThat(retrieval.runs("retrieval")).isTrue();
        assertThat(retrieval.runs("burst")).isFalse();
    }

    @Test
    void readsTheRetrievalOptions() {
        BenchSettings settings = BenchSettings.parse(new String[] {"--only", "retrieval", "--retrieval-rate", "10", "--retrieval-decode", "12ms",
            "--retrieval-warmup", "20s", "--retrieval-measure", "45s", "--retrieval-probe", "false",
            "--search-node-jvm", "-Xmx384m -XX:+UseSerialGC; -Xmx512m"});
        assertThat(settings.retrievalRate()).isEqualTo(10);
        assertThat(settings.retrievalDecode()).isEqualTo("12ms");
        assertThat(settings.retrievalWarmup()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.retrievalMeasure()).isEqualTo(Duration.ofSeconds(45));
        assertThat(settings.retrievalProbe()).isFalse();
        assertThat(settings.searchNodeVariants()).containsExactly(List.of("-Xmx384m", "-XX:+UseSerialGC"), List.of("-Xmx512m"));
    }

    @Test
    void parse_overheadRuns_defaultsToThreeAndRefusesZero() {
        assertThat(BenchSettings.parse(new String[0]).overheadRuns()).isEqualTo(3);
        assertThat(BenchSettings.parse(new String[] {"--overhead-runs", "5"}).overheadRuns()).isEqualTo(5);
        assertThatThrownBy(() -> BenchSettings.parse(new String[] {"--overhead-runs", "0"})).hasMessageContaining("--overhead-runs");
    }

    @Test
    void refusesAnUnknownPart() {
        assertThatThrownBy(() -> BenchSettings.parse(new String[] {"--only", "retrieval,nonsense"})).hasMessageContaining("nonsense");
    }
}
