package com.mangaassist.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

class EmbeddedKinesisTest {

    @Test
    void start_servesTheKinesisApiOnLoopback() {
        try (EmbeddedKinesis kinesis = EmbeddedKinesis.start();
             KinesisClient client = LocalAwsClients.local(KinesisClient.builder(), kinesis.endpoint())
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            client.createStream(b -> b.streamName("events").shardCount(1));

            assertThat(kinesis.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(client.listStreams().streamNames()).containsExactly("events");
        }
    }
}
