package com.mangaassist.pipeline.affinity;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.pipeline.testing.ScriptedStreamer;
import com.mangaassist.shared.contract.MetricNames;
import com.mangaassist.shared.wire.inference.StatefulSessions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Each decision of conversation affinity, over a scripted endpoint and an in-memory store. */
class ConversationAffinityTest {

    /** What a turn waits for its prepared session here: long, so a loaded machine never decides these tests. */
    private static final Duration NOT_ABOUT_TIME = Duration.ofSeconds(30);
    private final ScriptedStreamer gpu = new ScriptedStreamer();
    private final InMemorySessionStore store = new InMemorySessionStore();
    private final List<SessionOutcome> outcomes = new CopyOnWriteArrayList<>();
    private final ConversationAffinity affinity = ConversationAffinity.of(gpu, store, Clock.systemUTC(), outcomes::add, NOT_ABOUT_TIME);

    @Test
    void sessionFor_onTheFirstTurnOpensOne_andLaterTurnsNameTheSameOne() {
        String first = affinity.sessionFor("conv-1", "small");
        String second = affinity.sessionFor("conv-1", "small");

        assertThat(first).isEqualTo("session-1").isEqualTo(second);
        assertThat(outcomes).containsExactly(SessionOutcome.OPENED, SessionOutcome.REUSED);
    }

    @Test
    void sessionFor_keepsOneSessionPerConversationAndEndpoint() {
        String small = affinity.sessionFor("conv-1", "small");
        String large = affinity.sessionFor("conv-1", "large");
        String other = affinity.sessionFor("conv-2", "small");

        assertThat(List.of(small, large, other)).doesNotHaveDuplicates();
    }

    @Test
    void sessionFor_whenTheHeldSessionIsAboutToExpire_opensAnother() {
        store.put("conv-1", "small", new StatefulSessions.Opened("old-1", Instant.now().plus(Duration.ofSeconds(30))));

        assertThat(affinity.sessionFor("conv-1", "small")).isEqualTo("session-1");
        assertThat(outcomes).containsExactly(SessionOutcome.OPENED);
    }

    @Test
    void lost_forgetsTheSessionSoTheNextTurnOpensAnother() {
        String lost = affinity.sessionFor("conv-1", "small");

        affinity.lost("conv-1", "small", lost);

        assertThat(affinity.sessionFor("conv-1", "small")).isNotEqualTo(lost);
        assertThat(outcomes).containsExactly(SessionOutcome.OPENED, SessionOutcome.LOST, SessionOutcome.OPENED);
    }

    @Test
    void sessionFor_afterOpeningsFailedInARow_triesNoOtherForAWhile() {
        ScriptedStreamer refusing = new ScriptedStreamer();
        refusing.sessionOpeningFails = true;
        ConversationAffinity backingOff = ConversationAffinity.of(refusing, store, Clock.systemUTC(), outcomes::add);

        for (int i = 0; i < ConversationAffinity.FAILURES_BEFORE_BACKOFF + 2; i++) {
            assertThat(backingOff.sessionFor("conv-" + i, "small")).isNull();
        }

        assertThat(refusing.sessionsOpened).hasSize(ConversationAffinity.FAILURES_BEFORE_BACKOFF);
        assertThat(outcomes).hasSize(ConversationAffinity.FAILURES_BEFORE_BACKOFF + 2).containsOnly(SessionOutcome.UNAVAILABLE);
    }

    @Test
    void instanceLoad_atTheThreshold_dropsAndClosesTheSessionSoTheNextTurnOpensAnother() {
        String session = affinity.sessionFor("conv-1", "small");
        affinity.instanceLoad("conv-1", "small", session, ConversationAffinity.DROP_AT_SATURATION - 0.01);
        assertThat(affinity.sessionFor("conv-1", "small")).isEqualTo(session);

        affinity.instanceLoad("conv-1", "small", session, ConversationAffinity.DROP_AT_SATURATION);

        assertThat(gpu.sessionsClosed).containsExactly(session);
        assertThat(affinity.sessionFor("conv-1", "small")).isNotEqualTo(session);
        assertThat(outcomes).contains(SessionOutcome.DROPPED_SATURATED);
    }

    @Test
    void sessionFor_whenTheStoreIsDown_goesWithoutASessionAndOpensNone() {
        ConversationAffinity withoutStore = ConversationAffinity.of(gpu, new SessionStore() {
            @Override
            public StatefulSessions.Opened get(String conversation, String endpoint) {
                throw new IllegalStateException("Redis is not connected yet: no session read");
            }

            @Override
            public void put(String conversation, String endpoint, StatefulSessions.Opened session) {
                throw new IllegalStateException("down");
            }

            @Override
            public void remove(String conversation, String endpoint) {
                throw new IllegalStateException("down");
            }
        }, Clock.systemUTC(), outcomes::add);

        assertThat(withoutStore.sessionFor("conv-1", "small")).isNull();
        assertThat(gpu.sessionsOpened).isEmpty();
        assertThat(outcomes).containsExactly(SessionOutcome.UNAVAILABLE);
    }

    @Test
    void prepare_readsOrOpensTheSessionBesideTheTurn_andAwaitHandsItOver() {
        String first = affinity.await(affinity.prepare("conv-1", "small"));
        String second = affinity.await(affinity.prepare("conv-1", "small"));

        assertThat(first).isEqualTo("session-1").isEqualTo(second);
    }

    @Test
    void disabled_namesNoSessionAndOpensNone() {
        assertThat(ConversationAffinity.disabled().sessionFor("conv-1", "small")).isNull();
        assertThat(gpu.sessionsOpened).isEmpty();
    }

    @Test
    void outcomes_areTheOnesTheStacksDashboardReads() {
        assertThat(Arrays.stream(SessionOutcome.values()).map(SessionOutcome::wireName).toList())
                .isEqualTo(MetricNames.GPU_SESSION_OUTCOMES);
    }
}
