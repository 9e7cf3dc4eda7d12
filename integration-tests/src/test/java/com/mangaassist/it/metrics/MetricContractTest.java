package com.mangaassist.it.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.infra.observability.MetricRead;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The contract check itself, over a fixture log: what CloudWatch would extract, and what counts as meeting a read. */
class MetricContractTest {

    private static final String NS = "MangaAssist/Orchestrator";

    private final List<PublishedMetric> published = EmfDocuments.in(fixture("orchestrator.log"));

    @Test
    void in_whenLogMixesEmfAndJsonLogs_extractsEachDeclaredDimensionSet() {
        assertThat(published).extracting(PublishedMetric::identity).containsExactlyInAnyOrder(
                NS + " turns.routed [deployment, reason, route]", NS + " turns.routed [deployment, route]",
                NS + " turns.routed [deployment, reason]", NS + " turns.routed [deployment]",
                NS + " turn.ttft [deployment]");
    }

    @Test
    void in_whenDeclaredDimensionHasNoValue_extractsNothingForThatSet() {
        assertThat(EmfDocuments.in(fixture("missing-dimension.log"))).isEmpty();
    }

    @Test
    void unmet_whenReadDimensionsDifferFromPublished_namesTheRead() {
        List<String> unmet = MetricContract.unmet(List.of(read("turns.routed", "Sum", "deployment", "code")), published);

        assertThat(unmet).singleElement().asString().contains("turns.routed [code, deployment]", "never published");
    }

    @Test
    void unmet_whenEveryReadIsPublishedWithAMeaningfulUnit_isEmpty() {
        assertThat(MetricContract.unmet(List.of(read("turns.routed", "Sum", "deployment", "route"), read("turn.ttft", "p99", "deployment"),
                read("turns.routed", "SampleCount", "deployment")), published)).isEmpty();
    }

    @Test
    void unmet_whenPercentileReadOfACount_namesTheUnit() {
        assertThat(MetricContract.unmet(List.of(read("turns.routed", "p99", "deployment")), published))
                .singleElement().asString().contains("read as p99 but published in Count");
    }

    private static MetricRead read(String name, String statistic, String... dimensions) {
        return new MetricRead(NS, name, new TreeSet<>(List.of(dimensions)), statistic, "TestAlarm");
    }

    private static Path fixture(String name) {
        try {
            return Path.of(MetricContractTest.class.getResource("/emf/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
