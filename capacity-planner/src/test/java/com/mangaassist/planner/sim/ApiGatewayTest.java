package com.mangaassist.planner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.planner.config.PlannerConfig.GatewaySettings;
import com.mangaassist.planner.sim.MinuteStats;
import org.junit.jupiter.api.Test;

class ApiGatewayTest {

    /** 100 messages/s (burst 100), 1 new connection/s, 600 s idle timeout, 7,200 s cap, 15 ms delivery, 8 tokens a frame. */
    private static ApiGateway gateway() {
        return new ApiGateway(new GatewaySettings(100, 100, 1, 600, 7200, 15, 8));
    }

    @Test
    void admit_onAConnectedConversation_opensNoNewConnection() {
        ApiGateway gateway = gateway();
        MinuteStats minute = new MinuteStats(0);
        Conversation conversation = gateway.conversation("c1");

        assertThat(gateway.admit(conversation, 0, minute)).isTrue();
        assertThat(gateway.admit(conversation, 10, minute)).isTrue();

        assertThat(minute.newConnections).isEqualTo(1);
        assertThat(gateway.takeMessages()).isEqualTo(2);
        assertThat(gateway.takeMessages()).isZero();
    }

    @Test
    void admit_overTheNewConnectionsQuota_refusesAndCountsTheTurnThrottled() {
        ApiGateway gateway = gateway();
        MinuteStats minute = new MinuteStats(0);

        assertThat(gateway.admit(gateway.conversation("c1"), 0, minute)).isTrue();
        Conversation second = gateway.conversation("c2");
        assertThat(gateway.admit(second, 0, minute)).isFalse();

        assertThat(minute.throttled).isEqualTo(1);
        assertThat(second.connected).isFalse();
        // A second later the quota has refilled.
        assertThat(gateway.admit(second, 1, minute)).isTrue();
        assertThat(minute.newConnections).isEqualTo(2);
    }

    @Test
    void admit_afterTheIdleTimeout_reconnectsAndBillsTheOldConnectionToItsTimeout() {
        ApiGateway gateway = gateway();
        MinuteStats minute = new MinuteStats(0);
        Conversation conversation = gateway.conversation("c1");
        gateway.admit(conversation, 0, minute);
        gateway.admit(conversation, 100, minute);

        assertThat(gateway.admit(conversation, 1000, minute)).isTrue();

        assertThat(minute.newConnections).isEqualTo(2);
        // The first connection: 0 to its idle timeout at 100 + 600; the second, open at the end, 1000 to its last activity.
        assertThat(gateway.connectionSecondsAtEnd()).isEqualTo(700);
    }

    @Test
    void closeIdle_forgetsIdleConversationsButKeepsOnesWithATurnInFlight() {
        ApiGateway gateway = gateway();
        MinuteStats minute = new MinuteStats(0);
        Conversation idle = gateway.conversation("idle");
        gateway.admit(idle, 0, minute);
        Conversation busy = gateway.conversation("busy");
        gateway.admit(busy, 1, minute);
        busy.inFlight = 1;

        gateway.closeIdle(700);

        assertThat(gateway.conversation("busy")).isSameAs(busy);
        assertThat(gateway.conversation("idle")).isNotSameAs(idle);
        assertThat(gateway.peakConversations()).isEqualTo(2);
        // The idle one billed to its timeout (600 s); "busy" still open at 1, and the new "idle" never connected.
        assertThat(gateway.connectionSecondsAtEnd()).isEqualTo(600);
    }

    @Test
    void answered_billsStartAndEndFramesAroundTheTokenFrames() {
        ApiGateway gateway = gateway();

        gateway.answered(17);
        gateway.failed();

        // 17 tokens at 8 a frame: 3 frames, plus start and end; the error, one frame.
        assertThat(gateway.takeMessages()).isEqualTo(6);
    }
}
