package com.mangaassist.localaws;

import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * ElasticMQ in the test JVM on 127.0.0.1 and a free port: the SQS API (JSON protocol) with
 * visibility timeouts, long polling, DLQ redrive and approximate counts, for the AWS SDK's SQS
 * client with an endpoint override.
 */
public final class EmbeddedSqs implements AutoCloseable {

    private final SQSRestServer server;
    private final int port;

    private EmbeddedSqs() {
        this.server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().withAWSRegion("us-east-1").start();
        this.port = server.waitUntilStarted().localAddress().getPort();
    }

    public static EmbeddedSqs start() {
        return new EmbeddedSqs();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
