package com.mangaassist.pipeline.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.mangaassist.shared.wire.server.ServerFrameCodec;
import com.mangaassist.shared.wire.server.Token;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/** The real SDK management client against a recorder that answers like API Gateway's @connections API. */
class ManagementApiConnectionSinkTest {

    private final WireMockServer gateway = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private ApiGatewayManagementApiClient client;
    private ManagementApiConnectionSink sink;

    @BeforeEach
    void setUp() {
        gateway.start();
        client = ApiGatewayManagementApiClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + gateway.port() + "/live"))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
        sink = new ManagementApiConnectionSink(client);
    }

    @AfterEach
    void tearDown() {
        client.close();
        gateway.stop();
    }

    @Test
    void send_postsTheFrameBytesToTheConnection() throws Exception {
        gateway.stubFor(post(urlPathMatching("/live/@connections/.*")).willReturn(aResponse().withStatus(200)));
        byte[] frame = ServerFrameCodec.withDefaults().encodeBytes(new Token("m1", 1, 1, "Try Vagabond."));

        sink.send("L0SM9cOFvHcCIhw=", frame);

        gateway.verify(postRequestedFor(urlEqualTo("/live/@connections/L0SM9cOFvHcCIhw%3D")).withRequestBody(binaryEqualTo(frame)));
    }

    @Test
    void send_whenTheConnectionIsGone_raisesConnectionGone() {
        gateway.stubFor(post(urlPathMatching("/live/@connections/.*")).willReturn(aResponse().withStatus(410)
                .withHeader("x-amzn-ErrorType", "GoneException").withBody("{\"message\":null}")));

        assertThatThrownBy(() -> sink.send("closed", new byte[] {'{', '}'})).isInstanceOf(ConnectionGoneException.class);
    }

    @Test
    void send_whenThrottled_raisesDeliveryFailedNotGone() {
        gateway.stubFor(post(urlPathMatching("/live/@connections/.*")).willReturn(aResponse().withStatus(429)
                .withHeader("x-amzn-ErrorType", "LimitExceededException").withBody("{\"message\":\"slow down\"}")));

        assertThatThrownBy(() -> sink.send("busy", new byte[] {'{', '}'})).isInstanceOf(DeliveryFailedException.class);
        assertThat(gateway.findAll(postRequestedFor(urlPathMatching("/live/@connections/.*")))).isNotEmpty();
    }

    @Test
    void disconnect_ofAGoneConnection_isQuiet() {
        gateway.stubFor(delete(urlPathMatching("/live/@connections/.*")).willReturn(aResponse().withStatus(410)
                .withHeader("x-amzn-ErrorType", "GoneException").withBody("{}")));

        sink.disconnect("closed");
    }
}
