package com.mangaassist.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmbeddedDynamoDbServerTest {

    @Test
    void startServer_servesTheDynamoDbApiOnLoopback() {
        try (EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.startServer()) {
            dynamo.client().createTable(b -> b.tableName("turns").billingMode("PAY_PER_REQUEST")
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S")));

            assertThat(dynamo.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(dynamo.client().listTables().tableNames()).containsExactly("turns");
        }
    }
}
