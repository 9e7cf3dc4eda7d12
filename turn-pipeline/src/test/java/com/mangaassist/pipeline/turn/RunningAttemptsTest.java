package com.mangaassist.pipeline.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.pipeline.conversation.MessageKey;
import com.mangaassist.pipeline.testing.InMemoryConversationStore;
import com.mangaassist.shared.contract.TurnTimings;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The in-process takeover hint (ADR 0033): whichever order a takeover and an attempt's registration come in, the older attempt stops. */
class RunningAttemptsTest {

    private static final MessageKey KEY = new MessageKey("user-a#c-1", 1);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final InMemoryConversationStore store = new InMemoryConversationStore();
    private final RunningAttempts running = new RunningAttempts();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private AttemptKeeper keeper(int attempt) {
        // Renewals an hour apart: only the registry can have stopped an attempt in these tests.
        return AttemptKeeper.start(new MessageAttempts(store, TurnTimings.defaults(), Clock.systemUTC()), KEY, attempt, null, Duration.ofHours(1), timer);
    }

    @Test
    void supersede_whenTheOlderAttemptRunsHere_stopsIt() {
        AttemptKeeper first = keeper(1);
        running.started(KEY, first);

        running.supersede(KEY, 2);

        assertThat(first.current()).isFalse();
    }

    @Test
    void started_whenTheTakeoverCameBeforeTheOlderAttemptRegistered_stopsItAsItStarts() {
        running.supersede(KEY, 2);
        AttemptKeeper first = keeper(1);

        running.started(KEY, first);

        assertThat(first.current()).isFalse();
        assertThat(running.size()).isZero();
    }

    @Test
    void started_whenAnOlderAttemptRegistersAfterANewerOne_keepsTheNewerAndStopsTheOlder() {
        AttemptKeeper second = keeper(2);
        running.started(KEY, second);
        AttemptKeeper first = keeper(1);

        running.started(KEY, first);

        assertThat(first.current()).isFalse();
        assertThat(second.current()).isTrue();
        running.supersede(KEY, 3);
        assertThat(second.current()).as("the newer one is the one registered").isFalse();
    }

    @Test
    void started_whenTheAttemptIsTheNewestAnnounced_runs() {
        running.supersede(KEY, 2);
        AttemptKeeper second = keeper(2);

        running.started(KEY, second);

        assertThat(second.current()).isTrue();
        assertThat(running.size()).isEqualTo(1);
    }
}
