package com.mangaassist.it.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.infra.observability.MetricRead;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The contract check itself, over a fixture log: what CloudWatch would extract, and what counts as meeting a read. */
class MetricContractTest {

    private static final String NS = "MangaAssist/Orchestrator";
    /** What the fixture's documents carry. */
    private static final String DEPLOYMENT = "MangaAssist-dev";

    private final List<PublishedMetric> published = EmfDocuments.in(fixture("orchestrator.log"));

    @Test
    void in_whenLogMixesEmfAndJsonLogs_extractsEachDeclaredDimensionSet() {
        assertThat(published).extracting(PublishedMetric::identity).containsExactlyInAnyOrder(
                NS + " turns.routed [deployment, reason, route]", NS + " turns.routed [deployment, route]",
                NS + " turns.routed [deployment, reason]", NS + " turns.routed [deployment]",
                NS + " turn.ttft [deployment]");
    }

    @Test
    void in_whenDocumentCarriesDimensionValues_keepsEachValue() {
        assertThat(published).filteredOn(p -> p.name().equals("turns.routed") && p.dimensions().size() == 3).singleElement()
                .extracting(PublishedMetric::dimensions)
                .isEqualTo(Map.of("deployment", DEPLOYMENT, "route", "baseline", "reason", "below_low_water"));
    }

    @Test
    void unmet_whenReadUnderAnotherDeploymentThanPublished_namesBothDeployments() {
        MetricRead prodTtft = new MetricRead(NS, "turn.ttft", new TreeMap<>(Map.of("deployment", "MangaAssist-prod")), "p99", "TestAlarm");

        assertThat(MetricContract.unmet(List.of(prodTtft), published)).singleElement().asString()
                .contains("turn.ttft [deployment] is read under {deployment=MangaAssist-prod}", "published under [{deployment=MangaAssist-dev}]");
    }

    @Test
    void unmet_whenAnOutcomeDimensionsValueWasNotProducedThisRun_comparesItsNameOnly() {
        // route=shed never happened in the fixture; the contract is that turns.routed is published per route, under this deployment.
        MetricRead shed = new MetricRead(NS, "turns.routed", new TreeMap<>(Map.of("deployment", DEPLOYMENT, "route", "shed")), "Sum", "TestAlarm");

        assertThat(MetricContract.unmet(List.of(shed), published)).isEmpty();
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

    /** A read under this deployment; other dimensions under a value the fixture publishes. */
    private static MetricRead read(String name, String statistic, String... dimensions) {
        TreeMap<String, String> values = new TreeMap<>();
        for (String dimension : dimensions) {
            values.put(dimension, dimension.equals("deployment") ? DEPLOYMENT : "baseline");
        }
        return new MetricRead(NS, name, values, statistic, "TestAlarm");
    }

    private static Path fixture(String name) {
        try {
            return Path.of(MetricContractTest.class.getResource("/emf/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
