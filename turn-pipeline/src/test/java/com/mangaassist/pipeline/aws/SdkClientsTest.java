package com.mangaassist.pipeline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.pipeline.assembly.AwsSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A stalled service fails a call after the attempts {@link CallLimits} gives it, each bounded by
 * the HTTP client's socket timeout, never after the SDK's minutes: checked against a server that
 * accepts connections and never answers.
 */
class SdkClientsTest {

    private ServerSocket silent;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    @BeforeEach
    void startSilentServer() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept());
                    connections.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws IOException {
        silent.close();
        for (Socket socket : held) {
            socket.close();
        }
    }

    @Test
    void dynamo_whenTheServiceNeverAnswers_failsAfterItsAttemptsEachBoundedByTheSocketTimeout() {
        List<Duration> timeoutsAsked = new CopyOnWriteArrayList<>();
        SdkClients clients = SdkClients.lambda(settings(), attemptTimeout -> {
            timeoutsAsked.add(attemptTimeout);
            // Shortened for the test; what is checked is that the limit reaches the HTTP client and the attempts the SDK.
            return UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMillis(200)).build();
        });

        try (DynamoDbClient dynamo = clients.dynamo()) {
            assertThatThrownBy(() -> dynamo.describeTable(b -> b.tableName("conversations"))).isInstanceOf(SdkClientException.class);
        }

        assertThat(timeoutsAsked).containsExactly(CallLimits.DYNAMODB.attemptTimeout());
        assertThat(connections.get()).isEqualTo(CallLimits.DYNAMODB.attempts());
    }

    @Test
    void connectionsFor_givesEachRunningTurnTwoConnectionsAndAtLeastSixteen() {
        assertThat(SdkClients.connectionsFor(4)).isEqualTo(16);
        assertThat(SdkClients.connectionsFor(40)).isEqualTo(80);
    }

    private AwsSettings settings() {
        String url = "http://127.0.0.1:" + silent.getLocalPort();
        return new AwsSettings("us-east-1", true, new AwsSettings.Endpoints(url, url, url, url, url, url));
    }
}
