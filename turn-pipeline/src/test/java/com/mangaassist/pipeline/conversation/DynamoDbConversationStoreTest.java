package com.mangaassist.pipeline.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.localaws.EmbeddedDynamoDb;
import com.mangaassist.shared.domain.Route;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The contract on DynamoDB Local, plus what only a real table shows: retention by TTL, the layout. */
class DynamoDbConversationStoreTest extends ConversationStoreContract {

    private static final Duration RETENTION = Duration.ofDays(30);
    private static EmbeddedDynamoDb dynamo;

    private final DynamoDbConversationStore store = new DynamoDbConversationStore(dynamo.client(), "conversations", clock, RETENTION);

    @BeforeAll
    static void start() {
        dynamo = EmbeddedDynamoDb.start();
        ConversationTableSchema.createIfMissing(dynamo.client(), "conversations");
        ConversationTableSchema.createIfMissing(dynamo.client(), "conversations"); // idempotent
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    @Override
    ConversationStore store() {
        return store;
    }

    @Test
    void messagesFrom_whenTheFirstMessageOutlivedItsRetention_skipsItAndTheConversationGoesOn() {
        ConversationRef conversation = conversation("user-a");
        StoredMessage first = accepted(conversation, "m1").message();
        store.answer(first.key(), 1, new NewAnswer("old answer", 2, List.of(), Route.BASELINE));
        clock.advance(RETENTION.minusDays(1));
        StoredMessage second = accepted(conversation, "m2").message();
        clock.advance(Duration.ofDays(2));
        // DynamoDB's TTL deletes lazily; whether or not it has yet, the expired message is gone for readers.
        deleteItem(first.key());

        StoredMessage third = accepted(conversation, "m3").message();

        assertThat(third.index()).isEqualTo(3);
        assertThat(store.messagesFrom(conversation, 1)).extracting(StoredMessage::messageId).containsExactly("m2", "m3");
        assertThat(store.recent(conversation, 10)).extracting(StoredMessage::messageId).containsExactly("m2", "m3");
        assertThat(second.expiresAt()).isAfter(first.expiresAt());
    }

    @Test
    void accept_whenTheWholeConversationExpiredButIsNotDeletedYet_startsANewOneThatShowsNoneOfTheOld() {
        ConversationRef conversation = conversation("user-a");
        StoredMessage old = accepted(conversation, "m1").message();
        store.answer(old.key(), 1, new NewAnswer("the previous answer", 2, List.of(), Route.BASELINE));
        accepted(conversation, "m2");
        clock.advance(RETENTION.plusDays(1));

        Acceptance again = store.accept(conversation, question("m1", "a new first question"), lease(Duration.ofSeconds(70)));

        assertThat(again).isInstanceOfSatisfying(Acceptance.Accepted.class, accepted -> {
            assertThat(accepted.message().index()).isEqualTo(1);
            assertThat(accepted.version()).isEqualTo(1);
        });
        assertThat(store.messagesFrom(conversation, 1)).singleElement()
                .satisfies(m -> assertThat(m.question().text()).isEqualTo("a new first question"));
        assertThat(store.meta(conversation)).isEqualTo(new ConversationMeta(1, 1));
    }

    @Test
    void accept_keysTheConversationUnderADigestOfItsPrincipal() {
        ConversationRef conversation = conversation("user-with-a-secret-name");
        accepted(conversation, "m1");

        Map<String, AttributeValue> item = dynamo.client().getItem(b -> b.tableName("conversations")
                .key(Map.of("pk", AttributeValue.fromS(conversation.partitionKey()), "sk", AttributeValue.fromS("meta")))).item();

        assertThat(conversation.partitionKey()).startsWith("u#").endsWith("#" + conversation.conversationId())
                .doesNotContain("user-with-a-secret-name");
        assertThat(item.get("messages").n()).isEqualTo("1");
    }

    private static void deleteItem(MessageKey key) {
        dynamo.client().deleteItem(b -> b.tableName("conversations").key(Map.of("pk", AttributeValue.fromS(key.partitionKey()),
                "sk", AttributeValue.fromS(ConversationTableSchema.messageKey(key.index())))));
    }
}
