package com.mangaassist.orchestrator.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangaassist.orchestrator.connection.FrameReply;
import com.mangaassist.orchestrator.connection.FrameSender;
import com.mangaassist.orchestrator.testing.RecordingSqsClient;
import com.mangaassist.pipeline.testing.RecordingConnectionSink;
import com.mangaassist.shared.wire.client.SendMessage;
import com.mangaassist.shared.wire.gateway.GatewayRequest;
import com.mangaassist.shared.wire.gateway.GatewayRoute;
import com.mangaassist.shared.wire.server.Ack;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Admission as the orchestrator's Micronaut context wires it from configuration (settings,
 * thresholds, load, executor, spill publisher), with only its ports replaced by
 * {@link AdmissionTestBeans}: the configured spill mode and queue really decide where a turn goes.
 */
@MicronautTest(environments = TurnAdmissionMicronautTest.ENVIRONMENT, startApplication = false)
@Property(name = "pipeline.conversation-table", value = "conversations")
@Property(name = "pipeline.chat-events-stream", value = "events")
@Property(name = "pipeline.connections-endpoint", value = "http://127.0.0.1:1/local")
@Property(name = "pipeline.sagemaker-endpoint", value = "mangaassist-small")
@Property(name = "orchestrator.capacity", value = "2")
@Property(name = "orchestrator.overflow-queue-url", value = "https://sqs.ap-northeast-1.amazonaws.com/1/overflow")
@Property(name = "orchestrator.spill-mode", value = "overflow-only")
class TurnAdmissionMicronautTest {

    static final String ENVIRONMENT = "admission-test";
    private static final String CONNECTION = "connMicronaut01=";

    @Inject
    TurnAdmission admission;

    @Inject
    RecordingConnectionSink connections;

    @Inject
    RecordingSqsClient sqs;

    @Inject
    FrameSender frames;

    @Inject
    AdmissionTestBeans.RecordedTurns turns;

    @Test
    void admit_inTheConfiguredOverflowOnlyMode_acksAndSpillsToTheConfiguredQueue() {
        admission.admit(new GatewayRequest(GatewayRoute.DEFAULT, CONNECTION, "req-1", "user-a", ""),
                new SendMessage("c-1", "m1", "hello", "en"), FrameReply.viaConnection(CONNECTION, frames));

        assertThat(connections.framesFor(CONNECTION)).singleElement().isEqualTo(new Ack("m1", 0, 1, 1));
        await().atMost(Duration.ofSeconds(5)).until(() -> sqs.sent.size() == 1);
        assertThat(sqs.sent.get(0).queueUrl()).isEqualTo("https://sqs.ap-northeast-1.amazonaws.com/1/overflow");
        assertThat(turns.commands).isEmpty();
    }
}
