package com.mangaassist.testsupport;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local running inside the test JVM (no port, no process): the real DynamoDB API with
 * conditional writes, transactions and queries. Start ~0.2 s.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    private final AmazonDynamoDBLocal local;
    private final DynamoDbClient client;

    private EmbeddedDynamoDb() {
        this.local = DynamoDBEmbedded.create(true);
        this.client = local.dynamoDbClient();
    }

    public static EmbeddedDynamoDb start() {
        return new EmbeddedDynamoDb();
    }

    public DynamoDbClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        local.shutdownNow();
    }
}
