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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

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
    void accept_whenAnotherProcessMovedTheHeadThisOneRemembers_writesAfterItsMessage() {
        DynamoDbConversationStore otherTask = new DynamoDbConversationStore(dynamo.client(), "conversations", clock, RETENTION);
        ConversationRef conversation = conversation("user-a");
        accepted(conversation, "m1");
        otherTask.accept(conversation, question("m2", "from the other task"), lease(Duration.ofSeconds(70)));

        Acceptance third = store.accept(conversation, question("m3", "back here"), lease(Duration.ofSeconds(70)));

        assertThat(third).isInstanceOfSatisfying(Acceptance.Accepted.class, accepted -> {
            assertThat(accepted.message().index()).isEqualTo(3);
            assertThat(accepted.version()).isEqualTo(3);
        });
        assertThat(store.messagesFrom(conversation, 1)).extracting(StoredMessage::messageId).containsExactly("m1", "m2", "m3");
    }

    @Test
    void answer_whenAnotherProcessMovedTheVersionThisOneRemembers_closesAtTheCurrentVersion() {
        DynamoDbConversationStore otherTask = new DynamoDbConversationStore(dynamo.client(), "conversations", clock, RETENTION);
        ConversationRef conversation = conversation("user-a");
        StoredMessage first = accepted(conversation, "m1").message();
        otherTask.accept(conversation, question("m2", "asked while m1 runs"), lease(Duration.ofSeconds(70)));

        Closing closing = store.answer(first, new NewAnswer("Try Berserk.", 4, List.of(), Route.BASELINE, 5));

        assertThat(closing).isInstanceOfSatisfying(Closing.Closed.class, closed -> {
            assertThat(closed.version()).isEqualTo(3);
            // Built from the held message and the write, it is exactly what a read returns.
            assertThat(closed.message()).isEqualTo(store.message(first.key()));
        });
        assertThat(store.meta(conversation)).isEqualTo(new ConversationMeta(2, 3));
    }

    /**
     * A DynamoDB client whose next call of {@code operation} that {@code matches} is applied and then sent again, as the
     * SDK retries a write whose response was lost: the caller only sees the retry's answer.
     */
    private static DynamoDbClient applyingTwiceTheNext(DynamoDbClient real, String operation, java.util.function.Predicate<Object> matches) {
        java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean(true);
        return (DynamoDbClient) java.lang.reflect.Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                (proxy, method, args) -> {
                    try {
                        if (method.getName().equals(operation) && !(args[0] instanceof java.util.function.Consumer<?>) && matches.test(args[0])
                                && armed.getAndSet(false)) {
                            method.invoke(real, args); // applied; its response never arrives
                            return method.invoke(real, args);
                        }
                        if (args != null && args.length == 1 && args[0] instanceof java.util.function.Consumer<?>) {
                            // The builder overloads build the request and call the request overload, which lands above.
                            return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                        }
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The next claim (the attempt-incrementing update) applied twice. */
    private static DynamoDbClient retryingTheNextClaim(DynamoDbClient real) {
        return applyingTwiceTheNext(real, "updateItem",
                request -> request instanceof UpdateItemRequest update && update.updateExpression().contains("attempt = attempt + :one"));
    }

    /** The next closing transaction that charges an answer applied twice. */
    private static DynamoDbClient retryingTheNextClose(DynamoDbClient real) {
        return applyingTwiceTheNext(real, "transactWriteItems",
                request -> request instanceof TransactWriteItemsRequest transaction && transaction.transactItems().size() > 2);
    }

    @Test
    void claim_whenTheSdkRetriesAClaimThatApplied_recognisesItsOwnSuccess() {
        StoredMessage queued = accepted(conversation("user-a"), "m1").message();
        DynamoDbConversationStore lossy = new DynamoDbConversationStore(retryingTheNextClaim(dynamo.client()), "conversations", clock, RETENTION);

        Claim claim = lossy.claim(queued.key(), new ClaimRule.IfStillAttempt(queued.attempt()), lease(Duration.ofSeconds(70)), null);

        assertThat(claim).isInstanceOfSatisfying(Claim.Claimed.class, c -> assertThat(c.message().attempt()).isEqualTo(queued.attempt() + 1));
        assertThat(store.message(queued.key()).attempt()).isEqualTo(queued.attempt() + 1);
    }

    @Test
    void claim_whenTheSdkRetriesAResendsClaimThatApplied_takesOneAttemptNotTwo() {
        StoredMessage running = accepted(conversation("user-a"), "m1").message();
        DynamoDbConversationStore lossy = new DynamoDbConversationStore(retryingTheNextClaim(dynamo.client()), "conversations", clock, RETENTION);

        Claim claim = lossy.claim(running.key(), new ClaimRule.Resend(clock.instant()), lease(Duration.ofSeconds(70)), "conn-2");

        assertThat(claim).isInstanceOfSatisfying(Claim.Claimed.class, c -> assertThat(c.message().attempt()).isEqualTo(running.attempt() + 1));
        assertThat(store.message(running.key()).attempt()).isEqualTo(running.attempt() + 1);
    }

    @Test
    void answer_whenTheSdkRetriesACloseThatApplied_chargesTheAnswerOnce() {
        String principal = "user-" + java.util.UUID.randomUUID();
        StoredMessage held = accepted(conversation(principal), "m1").message();
        DynamoDbConversationStore lossy = new DynamoDbConversationStore(retryingTheNextClose(dynamo.client()), "conversations", clock, RETENTION);

        Closing closing = lossy.answer(held, new NewAnswer("Try Berserk.", 4, List.of(), Route.BASELINE, 40, null, 640));

        assertThat(closing).isInstanceOf(Closing.Closed.class);
        assertThat(store.usage(principal, UsagePeriods.at(clock.instant())).dayTokens()).isEqualTo(640);
    }

    /**
     * Two orchestrator tasks and the overflow function close answers of one caller at once, each its own store (its own
     * remembered heads) on one table: every answer is charged exactly once, whatever the transactions' conflicts on the
     * caller's two counters cost in retries (ADR 0046).
     */
    @Test
    void answer_whenTwoTasksAndTheLambdaCloseOneCallersAnswersAtOnce_chargesEachExactlyOnce() throws Exception {
        String principal = "user-" + java.util.UUID.randomUUID();
        List<DynamoDbConversationStore> processes = List.of(
                new DynamoDbConversationStore(dynamo.client(), "conversations", clock, RETENTION),
                new DynamoDbConversationStore(dynamo.client(), "conversations", clock, RETENTION),
                new DynamoDbConversationStore(dynamo.client(), "conversations", clock, RETENTION));
        List<StoredMessage> pending = new java.util.ArrayList<>();
        for (int c = 0; c < 6; c++) {
            ConversationRef conversation = conversation(principal);
            for (int m = 0; m < 5; m++) {
                pending.add(accepted(conversation, "m" + m).message());
            }
        }
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(processes.size());
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Closing>> closes = new java.util.ArrayList<>();
        long expected = 0;
        for (int i = 0; i < pending.size(); i++) {
            StoredMessage held = pending.get(i);
            DynamoDbConversationStore process = processes.get(i % processes.size());
            long tokens = 100 + i;
            expected += tokens;
            closes.add(workers.submit(() -> {
                start.await();
                return process.answer(held, new NewAnswer("answer", 2, List.of(), Route.BASELINE, 10, null, tokens));
            }));
        }
        start.countDown();
        for (java.util.concurrent.Future<Closing> close : closes) {
            assertThat(close.get(60, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(Closing.Closed.class);
        }
        workers.shutdown();

        UsageTotals usage = store.usage(principal, UsagePeriods.at(clock.instant()));
        assertThat(usage.dayTokens()).isEqualTo(expected);
        assertThat(usage.monthTokens()).isEqualTo(expected);
    }

    @Test
    void fail_withTheHeldMessage_returnsWhatAReadReturns() {
        StoredMessage first = accepted(conversation("user-a"), "m1").message();

        Closing closing = store.fail(first, com.mangaassist.shared.wire.ErrorCode.CAPACITY_LIMIT, "too large");

        assertThat(closing).isInstanceOfSatisfying(Closing.Closed.class, closed -> assertThat(closed.message()).isEqualTo(store.message(first.key())));
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

    @Test
    void feedback_writesOnlyTheFeedbackAttributesAndLeavesRetentionAsItWas() {
        ConversationRef conversation = conversation("user-a");
        StoredMessage message = answered(conversation, "m1");
        Map<String, AttributeValue> before = rawItem(message.key());
        clock.advance(Duration.ofDays(3));

        store.feedback(conversation, "m1", feedback(com.mangaassist.shared.domain.Rating.DOWN, "too dark"));

        Map<String, AttributeValue> after = new java.util.HashMap<>(rawItem(message.key()));
        assertThat(after.remove("feedbackRating")).isEqualTo(AttributeValue.fromS("down"));
        assertThat(after.remove("feedbackReason")).isEqualTo(AttributeValue.fromS("too dark"));
        assertThat(after.remove("feedbackAt")).isEqualTo(AttributeValue.fromS(clock.instant().toString()));
        // Not the TTL either: a message item must never outlive its conversation's head (the next conversation reuses its index).
        assertThat(after).isEqualTo(before);
    }

    @Test
    void feedback_whenTheAnswerOutlivedItsRetention_isMissingAndWritesNothing() {
        ConversationRef conversation = conversation("user-a");
        StoredMessage message = answered(conversation, "m1");
        Map<String, AttributeValue> before = rawItem(message.key());
        clock.advance(RETENTION.plusDays(1));

        // TTL deletes lazily: an expired item is still in the table, and still not there for a rating.
        assertThat(store.feedback(conversation, "m1", feedback(com.mangaassist.shared.domain.Rating.UP, null)))
                .isEqualTo(new FeedbackWrite.Missing());
        assertThat(rawItem(message.key())).isEqualTo(before);
    }

    private static Map<String, AttributeValue> rawItem(MessageKey key) {
        return dynamo.client().getItem(b -> b.tableName("conversations").consistentRead(true).key(Map.of("pk", AttributeValue.fromS(key.partitionKey()),
                "sk", AttributeValue.fromS(ConversationTableSchema.messageKey(key.index()))))).item();
    }

    private static void deleteItem(MessageKey key) {
        dynamo.client().deleteItem(b -> b.tableName("conversations").key(Map.of("pk", AttributeValue.fromS(key.partitionKey()),
                "sk", AttributeValue.fromS(ConversationTableSchema.messageKey(key.index())))));
    }
}
