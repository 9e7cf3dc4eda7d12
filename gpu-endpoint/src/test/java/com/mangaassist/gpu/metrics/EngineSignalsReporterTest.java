package com.mangaassist.gpu.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.mangaassist.gpu.engine.EngineRequest;
import com.mangaassist.gpu.engine.EngineResult;
import com.mangaassist.gpu.engine.EngineStats;
import com.mangaassist.gpu.engine.InferenceEngine;
import com.mangaassist.gpu.engine.TokenSink;
import com.mangaassist.shared.contract.LogEvents;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One engine_signals event per reading, with the values the stack's metric filters publish (ADR 0036). */
class EngineSignalsReporterTest {

    private final AtomicReference<EngineStats> stats = new AtomicReference<>(EngineStats.UNKNOWN);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(EngineSignalsReporter.class);
    private final AtomicReference<com.mangaassist.gpu.engine.PrefixCacheStats> prefix =
            new AtomicReference<>(com.mangaassist.gpu.engine.PrefixCacheStats.UNKNOWN);
    private final AtomicReference<long[]> firstTokens = new AtomicReference<>(new long[0]);
    private final EngineSignalsReporter reporter = new EngineSignalsReporter(new StatsOnly(stats, prefix), () -> firstTokens.getAndSet(new long[0]));

    private Level levelBefore;

    @BeforeEach
    void capture() {
        // The tests' logback configuration may log less than INFO, where the signals are.
        levelBefore = logger.getLevel();
        logger.setLevel(Level.INFO);
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void release() {
        logger.detachAppender(events);
        logger.setLevel(levelBefore);
    }

    private Map<String, Object> lastFields() {
        ILoggingEvent event = events.list.get(events.list.size() - 1);
        assertThat(event.getFormattedMessage()).startsWith("event=" + LogEvents.ENGINE_SIGNALS + " ");
        return event.getKeyValuePairs().stream().collect(Collectors.toMap(p -> p.key, p -> p.value));
    }

    @Test
    void report_whenTheEngineHasALoad_logsEachSignalAsAField() {
        stats.set(new EngineStats(30, 55, 32, 0.97, 4));

        reporter.report();

        assertThat(lastFields()).containsEntry(LogEvents.KV_CACHE_USAGE_FIELD, 0.97).containsEntry(LogEvents.REQUESTS_WAITING_FIELD, 55)
                .containsEntry(LogEvents.REQUESTS_RUNNING_FIELD, 30).containsEntry(LogEvents.PREEMPTIONS_FIELD, 4L);
    }

    @Test
    void report_whenCalledAgain_reportsOnlyThePreemptionsSinceTheLastEvent() {
        stats.set(new EngineStats(1, 0, 32, 0.5, 10));
        reporter.report();
        stats.set(new EngineStats(1, 0, 32, 0.5, 13));

        assertThat(reporter.report()).isEqualTo(3);
        assertThat(lastFields()).containsEntry(LogEvents.PREEMPTIONS_FIELD, 3L);
    }

    @Test
    void report_whenTheEnginesCounterWentDown_countsAllOfItAsNew() {
        stats.set(new EngineStats(1, 0, 32, 0.5, 10));
        reporter.report();
        stats.set(new EngineStats(1, 0, 32, 0.5, 2)); // a restarted engine counts from zero

        assertThat(reporter.report()).isEqualTo(2);
    }

    @Test
    void report_carriesThePrefixCacheHitRateOfTheIntervalOnlyWhenPromptsWereLookedUp() {
        stats.set(new EngineStats(1, 0, 32, 0.5, 0));
        prefix.set(new com.mangaassist.gpu.engine.PrefixCacheStats(1_000, 100));
        reporter.report();
        prefix.set(new com.mangaassist.gpu.engine.PrefixCacheStats(3_000, 1_700));

        reporter.report();
        assertThat((Double) lastFields().get(LogEvents.PREFIX_CACHE_HIT_RATE_FIELD)).isEqualTo(0.8);

        reporter.report();
        assertThat((Double) lastFields().get(LogEvents.PREFIX_CACHE_HIT_RATE_FIELD)).isNaN();
    }

    @Test
    void report_carriesThisInstancesTtftP99OfTheIntervalOnlyWhenItAnsweredSomething() {
        stats.set(new EngineStats(1, 0, 32, 0.5, 0));
        long[] millis = new long[200];
        for (int i = 0; i < millis.length; i++) {
            millis[i] = i + 1;
        }
        firstTokens.set(millis);

        reporter.report();
        assertThat((Double) lastFields().get(LogEvents.TTFT_P99_FIELD)).isEqualTo(198.0);

        reporter.report();
        assertThat((Double) lastFields().get(LogEvents.TTFT_P99_FIELD)).isNaN();
    }

    @Test
    void report_whenTheEngineHasNotStarted_logsNothing() {
        reporter.report();

        assertThat(events.list).isEmpty();
    }

    /** An engine that only reports its load. */
    private record StatsOnly(AtomicReference<EngineStats> current, AtomicReference<com.mangaassist.gpu.engine.PrefixCacheStats> prefix)
            implements InferenceEngine {
        @Override
        public com.mangaassist.gpu.engine.PrefixCacheStats prefixCache() {
            return prefix.get();
        }

        @Override
        public String name() {
            return "stats-only";
        }

        @Override
        public void load() {
        }

        @Override
        public EngineResult generate(EngineRequest request, TokenSink sink) {
            throw new UnsupportedOperationException("no generation here");
        }

        @Override
        public void reset() {
        }

        @Override
        public EngineStats stats() {
            return current.get();
        }

        @Override
        public int maxModelLen() {
            return 4096;
        }
    }
}
