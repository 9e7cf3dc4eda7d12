package com.mangaassist.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusScrapeTest {

    @Test
    void samples_keysEachSampleByItsLabels() {
        PrometheusScrape scrape = new PrometheusScrape("""
                # HELP turns_routed_total
                # TYPE turns_routed_total counter
                turns_routed_total{reason="within_capacity",route="baseline",} 12.0
                turns_routed_total{reason="task_at_capacity",route="overflow",} 3.0
                turns_routed_total_created 1.7E9
                turns_in_flight 4.0
                """);

        assertThat(scrape.samples("turns_routed_total")).containsExactly(
                org.assertj.core.api.Assertions.entry("reason=within_capacity,route=baseline", 12.0),
                org.assertj.core.api.Assertions.entry("reason=task_at_capacity,route=overflow", 3.0));
        assertThat(scrape.samples("turns_in_flight")).containsEntry("", 4.0);
        assertThat(scrape.samples("absent")).isEmpty();
    }
}
