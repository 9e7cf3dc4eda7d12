package com.mangaassist.shared.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The relations every derived bound must keep, on the production numbers and on shortened ones. */
class TurnTimingsTest {

    private static final List<TurnTimings> VARIANTS = List.of(TurnTimings.defaults(),
            TurnTimings.defaults().withInference(Duration.ofSeconds(2), Duration.ofSeconds(6))
                    .withSlack(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4))
                    .withRecovery(Duration.ofMillis(500), Duration.ofSeconds(5)));

    @Test
    void defaults_areTheDocumentedNumbers() {
        TurnTimings timings = TurnTimings.defaults();

        assertThat(timings.maxTurn()).isEqualTo(Duration.ofSeconds(70));
        assertThat(timings.lambdaTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(timings.visibilityTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(timings.queuedLease()).isEqualTo(Duration.ofSeconds(360));
        assertThat(timings.answerDeadline()).isEqualTo(Duration.ofSeconds(430));
    }

    @Test
    void derived_whenAnyVariant_keepsEveryRelation() {
        for (TurnTimings t : VARIANTS) {
            // A Lambda starts a turn only when a whole one fits before its timeout.
            assertThat(t.lambdaTimeout()).isGreaterThan(t.minRemainingToStart());
            assertThat(t.minRemainingToStart()).isGreaterThanOrEqualTo(t.maxTurn());
            // AWS refuses an event source whose queue's visibility is shorter than the function timeout.
            assertThat(t.visibilityTimeout()).isGreaterThanOrEqualTo(t.lambdaTimeout());
            // A message whose invocation died is still answerable on every later delivery, up to the last before the DLQ.
            assertThat(t.answerDeadline()).isGreaterThanOrEqualTo(t.visibilityTimeout().multipliedBy(t.maxReceives()).plus(t.maxTurn()));
            // Recovery never takes over a spilled attempt while SQS may still deliver it.
            assertThat(t.queuedLease()).isGreaterThanOrEqualTo(t.visibilityTimeout().multipliedBy(t.maxReceives()));
            // A running lease covers a whole turn, so recovery never takes a healthy one over.
            assertThat(t.runningLease()).isGreaterThanOrEqualTo(t.maxTurn());
            // A client does not resend while a first token may still be on its way.
            assertThat(t.clientSilence()).isGreaterThan(t.firstEvent().plus(t.overhead()));
            assertThat(t.stream()).isGreaterThanOrEqualTo(t.firstEvent());
        }
    }

    @Test
    void constructor_whenClientWouldResendBeforeAFirstTokenCouldArrive_isRefused() {
        assertThatThrownBy(() -> TurnTimings.defaults().withRecovery(Duration.ofSeconds(5), Duration.ofSeconds(15)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer");
    }

    @Test
    void constructor_whenStreamShorterThanFirstEvent_isRefused() {
        assertThatThrownBy(() -> TurnTimings.defaults().withInference(Duration.ofSeconds(10), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void attemptRenewal_whenDefaults_isHalfTheFirstTokenBoundAndFarInsideTheLease() {
        TurnTimings timings = TurnTimings.defaults();

        assertThat(timings.attemptRenewal()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(timings.attemptRenewal().multipliedBy(4)).isLessThan(timings.runningLease());
    }

    @Test
    void streamFor_whenTheTokenLimitNeedsMoreThanTheStreamBound_growsWithTheAnswer() {
        TurnTimings timings = TurnTimings.defaults();

        // 10 s to the first token, then 512 tokens at the floor rate of 4 a second.
        assertThat(timings.streamFor(512)).isEqualTo(Duration.ofSeconds(138));
        assertThat(timings.streamFor(1024)).isGreaterThan(timings.streamFor(512));
    }

    @Test
    void streamFor_whenAShortAnswer_keepsTheStreamBoundAsItsFloor() {
        TurnTimings timings = TurnTimings.defaults();

        assertThat(timings.streamFor(64)).isEqualTo(timings.stream());
        assertThat(timings.streamFor(0)).isEqualTo(timings.stream());
    }
}
