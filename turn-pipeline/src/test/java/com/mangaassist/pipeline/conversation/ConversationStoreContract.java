package com.mangaassist.pipeline.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.pipeline.testing.TestClock;
import com.mangaassist.shared.domain.ModelTier;
import com.mangaassist.shared.domain.Rating;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ConversationStore} guarantees (ADR 0019), run against DynamoDB Local and
 * against the in-memory store the services' unit tests use, so the fake cannot drift from the
 * real one.
 */
abstract class ConversationStoreContract {

    protected final TestClock clock = new TestClock();

    abstract ConversationStore store();

    static ConversationRef conversation(String principal) {
        return new ConversationRef(principal, "conv-" + UUID.randomUUID());
    }

    static NewQuestion question(String messageId, String text) {
        return new NewQuestion(messageId, text, 12, List.of(), "en", "conn-1", "req-" + messageId);
    }

    Lease lease(Duration from) {
        return Lease.running(clock.instant().plus(from));
    }

    Acceptance.Accepted accepted(ConversationRef conversation, String messageId) {
        return (Acceptance.Accepted) store().accept(conversation, question(messageId, "question " + messageId), lease(Duration.ofSeconds(70)));
    }

    @Test
    void accept_whenNewConversation_storesMessageOneWithAttemptOneAndVersionOne() {
        ConversationRef conversation = conversation("user-a");

        Acceptance.Accepted accepted = accepted(conversation, "m1");

        assertThat(accepted.version()).isEqualTo(1);
        assertThat(accepted.message().index()).isEqualTo(1);
        assertThat(accepted.message().questionSeq()).isEqualTo(1);
        assertThat(accepted.message().attempt()).isEqualTo(1);
        assertThat(accepted.message().state()).isEqualTo(MessageState.PENDING);
        assertThat(accepted.message().connectionId()).isEqualTo("conn-1");
        assertThat(store().meta(conversation)).isEqualTo(new ConversationMeta(1, 1));
        assertThat(store().message(accepted.message().key())).isEqualTo(accepted.message());
    }

    @Test
    void accept_whenTheMessageIdWasAcceptedBefore_returnsItAndStoresNothing() {
        ConversationRef conversation = conversation("user-a");
        StoredMessage first = accepted(conversation, "m1").message();

        Acceptance again = store().accept(conversation, question("m1", "question m1"), lease(Duration.ofSeconds(70)));

        assertThat(again).isEqualTo(new Acceptance.Existing(first));
        assertThat(store().meta(conversation)).isEqualTo(new ConversationMeta(1, 1));
    }

    @Test
    void accept_whenTwoPrincipalsUseOneConversationId_keepsThemApart() {
        ConversationRef alice = new ConversationRef("alice", "shared-id-" + UUID.randomUUID());
        ConversationRef mallory = new ConversationRef("mallory", alice.conversationId());
        accepted(alice, "m1");

        Acceptance.Accepted theirs = accepted(mallory, "m1");

        assertThat(theirs.message().index()).isEqualTo(1);
        assertThat(store().messagesFrom(alice, 1)).extracting(StoredMessage::principal).containsExactly("alice");
        assertThat(store().messagesFrom(mallory, 1)).extracting(StoredMessage::principal).containsExactly("mallory");
    }

    @Test
    void accept_whenWritersRace_ordersEveryMessageOnceWithoutGaps() throws Exception {
        ConversationRef conversation = conversation("user-a");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Acceptance>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String id = "m" + i;
            results.add(pool.submit(() -> store().accept(conversation, question(id, id), lease(Duration.ofSeconds(70)))));
        }
        for (Future<Acceptance> result : results) {
            assertThat(result.get(60, TimeUnit.SECONDS)).isInstanceOf(Acceptance.Accepted.class);
        }
        pool.shutdown();

        assertThat(store().messagesFrom(conversation, 1)).extracting(StoredMessage::index).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L,
                9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L);
        assertThat(store().meta(conversation)).isEqualTo(new ConversationMeta(16, 16));
    }

    @Test
    void claim_whenResentAfterTheAttemptStarted_takesTheNextAttemptAndTheNewConnection() {
        StoredMessage message = accepted(conversation("user-a"), "m1").message();

        Claim claim = store().claim(message.key(), new ClaimRule.Resend(clock.instant()), lease(Duration.ofSeconds(70)), "conn-2");

        assertThat(claim).isInstanceOfSatisfying(Claim.Claimed.class, c -> {
            assertThat(c.message().attempt()).isEqualTo(2);
            assertThat(c.message().connectionId()).isEqualTo("conn-2");
        });
    }

    @Test
    void claim_whenAResendComesSoonerThanTheSpacing_isHeldAndWritesNothing() {
        StoredMessage message = accepted(conversation("user-a"), "m1").message();
        clock.advance(Duration.ofSeconds(2));

        Claim claim = store().claim(message.key(), new ClaimRule.Resend(clock.instant().minusSeconds(5)), lease(Duration.ofSeconds(70)), "conn-2");

        assertThat(claim).isInstanceOf(Claim.Held.class);
        assertThat(store().message(message.key())).isEqualTo(message);
    }

    @Test
    void claim_whenResendsStormAMessage_takesItOverOncePerSpacing() {
        StoredMessage message = accepted(conversation("user-a"), "m1").message();
        clock.advance(Duration.ofSeconds(6));
        int taken = 0;
        for (int i = 0; i < 100; i++) {
            Claim claim = store().claim(message.key(), new ClaimRule.Resend(clock.instant().minusSeconds(5)), lease(Duration.ofSeconds(70)),
                    "conn-" + i);
            taken += claim instanceof Claim.Claimed ? 1 : 0;
            clock.advance(Duration.ofMillis(40));
        }

        // 100 resends over 4 s, the first 6 s after acceptance: one takeover, then none until that attempt is 5 s old.
        assertThat(taken).isEqualTo(1);
        assertThat(store().message(message.key()).attempt()).isEqualTo(2);
    }

    @Test
    void claim_whenAResendFindsTheAttemptsLeaseEnded_takesItOverHoweverRecentlyItStarted() {
        StoredMessage message = ((Acceptance.Accepted) store().accept(conversation("user-a"), question("m1", "question m1"),
                lease(Duration.ofSeconds(1)))).message();
        clock.advance(Duration.ofSeconds(2));

        assertThat(store().claim(message.key(), new ClaimRule.Resend(clock.instant().minusSeconds(5)), lease(Duration.ofSeconds(70)), "conn-2"))
                .isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void renew_whileTheAttemptHoldsTheMessage_keepsRecoveryAway() {
        StoredMessage message = accepted(conversation("user-a"), "m1").message();
        clock.advance(Duration.ofSeconds(60));

        assertThat(store().renew(message.key(), 1, clock.instant().plusSeconds(70))).isTrue();
        clock.advance(Duration.ofSeconds(60));

        assertThat(store().claim(message.key(), new ClaimRule.IfLeaseEnded(), lease(Duration.ofSeconds(70)), null)).isInstanceOf(Claim.Held.class);
        assertThat(store().message(message.key()).leaseUntil()).isAfter(clock.instant());
    }

    @Test
    void renew_whenAnotherAttemptTookTheMessage_saysSoAndChangesNothing() {
        StoredMessage message = accepted(conversation("user-a"), "m1").message();
        store().claim(message.key(), new ClaimRule.Resend(clock.instant()), lease(Duration.ofSeconds(70)), "conn-2");
        StoredMessage taken = store().message(message.key());

        assertThat(store().renew(message.key(), 1, clock.instant().plusSeconds(500))).isFalse();
        assertThat(store().message(message.key())).isEqualTo(taken);
    }

    @Test
    void renew_whenTheMessageClosed_saysSo() {
        StoredMessage message = accepted(conversation("user-a"), "m1").message();
        store().answer(message.key(), 1, new NewAnswer("Try Berserk.", 4, List.of(), Route.BASELINE));

        assertThat(store().renew(message.key(), 1, clock.instant().plusSeconds(70))).isFalse();
    }

    @Test
    void renew_whenAnEarlierRenewalArrivesLate_neverShortensTheLease() {
        StoredMessage message = accepted(conversation("user-a"), "m1").message();
        store().renew(message.key(), 1, clock.instant().plusSeconds(200));

        assertThat(store().renew(message.key(), 1, clock.instant().plusSeconds(100))).isTrue();
        assertThat(store().message(message.key()).leaseUntil()).isAfter(clock.instant().plusSeconds(199));
    }

    @Test
    void claim_ifLeaseEnded_whenTheLeaseIsLive_isHeldAndAfterItEnds_claims() {
        StoredMessage message = accepted(conversation("user-a"), "m1").message();

        assertThat(store().claim(message.key(), new ClaimRule.IfLeaseEnded(), lease(Duration.ofSeconds(70)), null))
                .isInstanceOf(Claim.Held.class);
        clock.advance(Duration.ofSeconds(71));
        assertThat(store().claim(message.key(), new ClaimRule.IfLeaseEnded(), lease(Duration.ofSeconds(70)), null))
                .isInstanceOfSatisfying(Claim.Claimed.class, c -> assertThat(c.message().attempt()).isEqualTo(2));
    }

    @Test
    void claim_ifStillAttempt_claimsOnlyWhileThatAttemptIsCurrent() {
        StoredMessage message = accepted(conversation("user-a"), "m1").message();

        Claim first = store().claim(message.key(), new ClaimRule.IfStillAttempt(1), lease(Duration.ofSeconds(70)), null);
        Claim redelivery = store().claim(message.key(), new ClaimRule.IfStillAttempt(1), lease(Duration.ofSeconds(70)), null);

        assertThat(first).isInstanceOfSatisfying(Claim.Claimed.class, c -> assertThat(c.message().attempt()).isEqualTo(2));
        assertThat(redelivery).isInstanceOfSatisfying(Claim.Held.class, h -> assertThat(h.message().attempt()).isEqualTo(2));
    }

    @Test
    void claim_whenClosedOrMissing_saysSoAndWritesNothing() {
        ConversationRef conversation = conversation("user-a");
        StoredMessage message = accepted(conversation, "m1").message();
        store().answer(message.key(), 1, new NewAnswer("Try Berserk.", 4, List.of(), Route.BASELINE));

        assertThat(store().claim(message.key(), new ClaimRule.Resend(clock.instant()), lease(Duration.ofSeconds(70)), null)).isInstanceOf(Claim.Closed.class);
        assertThat(store().claim(conversation.message(9), new ClaimRule.Resend(clock.instant()), lease(Duration.ofSeconds(70)), null))
                .isInstanceOf(Claim.Missing.class);
    }

    @Test
    void answer_whenCurrentAttempt_closesTheMessageNextToItsQuestionAndMovesTheVersion() {
        ConversationRef conversation = conversation("user-a");
        StoredMessage message = accepted(conversation, "m1").message();

        Closing closing = store().answer(message.key(), 1, new NewAnswer("Try Berserk.", 4, List.of("Berserk"), Route.OVERFLOW));

        assertThat(closing).isInstanceOfSatisfying(Closing.Closed.class, closed -> {
            assertThat(closed.version()).isEqualTo(2);
            assertThat(closed.message().state()).isEqualTo(MessageState.ANSWERED);
            assertThat(closed.message().answerSeq()).isEqualTo(2);
            assertThat(closed.message().answer().text()).isEqualTo("Try Berserk.");
            assertThat(closed.message().answer().route()).isEqualTo(Route.OVERFLOW);
            assertThat(closed.message().answer().attempt()).isEqualTo(1);
        });
        assertThat(store().meta(conversation)).isEqualTo(new ConversationMeta(1, 2));
    }

    @Test
    void answer_keepsTheModelsCompletionTokenCountWhenThereIsOne() {
        ConversationRef conversation = conversation("user-a");
        StoredMessage counted = accepted(conversation, "m1").message();
        store().answer(counted.key(), 1, new NewAnswer("Try Berserk.", 4, List.of(), Route.BASELINE, 61));
        StoredMessage uncounted = accepted(conversation, "m2").message();
        store().answer(uncounted.key(), 1, new NewAnswer("Try Vagabond.", 4, List.of(), Route.BASELINE));

        assertThat(store().message(counted.key()).answer().completionTokens()).isEqualTo(61);
        assertThat(store().message(uncounted.key()).answer().completionTokens()).isNull();
    }

    @Test
    void answer_whenALaterAttemptHoldsTheMessage_isSupersededAndWritesNothing() {
        ConversationRef conversation = conversation("user-a");
        StoredMessage message = accepted(conversation, "m1").message();
        store().claim(message.key(), new ClaimRule.Resend(clock.instant()), lease(Duration.ofSeconds(70)), null);

        Closing stale = store().answer(message.key(), 1, new NewAnswer("first attempt's answer", 4, List.of(), Route.BASELINE));
        Closing current = store().answer(message.key(), 2, new NewAnswer("second attempt's answer", 4, List.of(), Route.OVERFLOW));
        Closing again = store().fail(message.key(), 2, ErrorCode.INTERNAL, "late");

        assertThat(stale).isInstanceOf(Closing.Superseded.class);
        assertThat(current).isInstanceOf(Closing.Closed.class);
        assertThat(again).isInstanceOf(Closing.Superseded.class);
        assertThat(store().message(message.key()).answer().text()).isEqualTo("second attempt's answer");
        assertThat(store().meta(conversation).version()).isEqualTo(2);
    }

    @Test
    void fail_whenCurrentAttempt_closesTheMessageWithItsCode() {
        StoredMessage message = accepted(conversation("user-a"), "m1").message();

        Closing closing = store().fail(message.key(), 1, ErrorCode.CAPACITY_LIMIT, "too large");

        assertThat(closing).isInstanceOfSatisfying(Closing.Closed.class, closed -> {
            assertThat(closed.message().state()).isEqualTo(MessageState.FAILED);
            assertThat(closed.message().failure()).isEqualTo(new StoredMessage.Failure(ErrorCode.CAPACITY_LIMIT, "too large", 1));
        });
    }

    @Test
    void release_endsTheLeaseSoRecoveryTakesTheMessageAtOnce() {
        StoredMessage message = accepted(conversation("user-a"), "m1").message();

        store().release(message.key(), 1);

        assertThat(store().claim(message.key(), new ClaimRule.IfLeaseEnded(), lease(Duration.ofSeconds(70)), null))
                .isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void release_whenAnotherAttemptHoldsTheMessage_leavesItsLease() {
        StoredMessage message = accepted(conversation("user-a"), "m1").message();
        store().claim(message.key(), new ClaimRule.Resend(clock.instant()), lease(Duration.ofSeconds(70)), null);

        store().release(message.key(), 1);

        assertThat(store().claim(message.key(), new ClaimRule.IfLeaseEnded(), lease(Duration.ofSeconds(70)), null))
                .isInstanceOf(Claim.Held.class);
    }

    @Test
    void reattach_whenTheAttemptIsCurrent_pointsItAtTheConnectionWithoutANewAttempt() {
        StoredMessage message = accepted(conversation("user-a"), "m1").message();

        assertThat(store().reattach(message.key(), 1, "conn-9")).isTrue();
        assertThat(store().reattach(message.key(), 2, "conn-10")).isFalse();

        StoredMessage now = store().message(message.key());
        assertThat(now.attempt()).isEqualTo(1);
        assertThat(now.connectionId()).isEqualTo("conn-9");
    }

    @Test
    void leaseEnded_listsPendingMessagesWhoseLeaseEnded_andNothingClosed() {
        ConversationRef conversation = conversation("user-a");
        StoredMessage stranded = accepted(conversation, "m1").message();
        StoredMessage answered = accepted(conversation, "m2").message();
        StoredMessage live = accepted(conversation, "m3").message();
        store().answer(answered.key(), 1, new NewAnswer("a", 1, List.of(), Route.BASELINE));
        store().release(answered.key(), 1);
        store().release(stranded.key(), 1);

        List<MessageKey> ended = new ArrayList<>();
        for (int shard = 0; shard < store().pendingShards(); shard++) {
            ended.addAll(store().leaseEnded(shard, clock.instant(), 100));
        }

        assertThat(ended).contains(stranded.key()).doesNotContain(answered.key(), live.key());
    }

    @Test
    void answer_keepsTheTierThatGeneratedItWhenItIsKnown() {
        ConversationRef conversation = conversation("user-a");
        StoredMessage large = accepted(conversation, "m1").message();
        store().answer(large.key(), 1, new NewAnswer("Compare them so.", 4, List.of(), Route.BASELINE, 9, ModelTier.LARGE));
        StoredMessage untold = accepted(conversation, "m2").message();
        store().answer(untold.key(), 1, new NewAnswer("Try Vagabond.", 4, List.of(), Route.BASELINE));

        assertThat(store().message(large.key()).answer().tier()).isEqualTo(ModelTier.LARGE);
        assertThat(store().message(untold.key()).answer().tier()).isNull();
    }

    StoredMessage answered(ConversationRef conversation, String messageId) {
        StoredMessage message = accepted(conversation, messageId).message();
        store().answer(message.key(), 1, new NewAnswer("Try Berserk.", 4, List.of(), Route.OVERFLOW, 5, ModelTier.SMALL));
        return store().message(message.key());
    }

    StoredMessage.Feedback feedback(Rating rating, String reason) {
        return new StoredMessage.Feedback(rating, reason, clock.instant());
    }

    @Test
    void feedback_whenTheMessageIsAnswered_storesItOnTheAnswerAndChangesNothingElse() {
        ConversationRef conversation = conversation("user-a");
        StoredMessage before = answered(conversation, "m1");
        ConversationMeta head = store().meta(conversation);
        StoredMessage.Feedback thumbsDown = feedback(Rating.DOWN, "too dark for me");

        FeedbackWrite write = store().feedback(conversation, "m1", thumbsDown);

        StoredMessage after = store().message(before.key());
        assertThat(write).isInstanceOfSatisfying(FeedbackWrite.Saved.class, saved -> {
            assertThat(saved.previous()).isNull();
            assertThat(saved.changed()).isTrue();
            assertThat(saved.message()).isEqualTo(after);
        });
        assertThat(after.answer().feedback()).isEqualTo(thumbsDown);
        // Its state, attempt, lease, connection, answer and retention are as they were; no prompt holds a rating, so no new version.
        assertThat(after).isEqualTo(before.ratedAs(thumbsDown));
        assertThat(store().meta(conversation)).isEqualTo(head);
    }

    @Test
    void feedback_whenTheCallerChangesTheirMind_replacesTheRatingAndTheReasonNeverAddsOne() {
        ConversationRef conversation = conversation("user-a");
        StoredMessage message = answered(conversation, "m1");
        StoredMessage.Feedback first = feedback(Rating.DOWN, "too dark for me");
        store().feedback(conversation, "m1", first);
        clock.advance(Duration.ofSeconds(30));
        StoredMessage.Feedback second = feedback(Rating.UP, null);

        FeedbackWrite write = store().feedback(conversation, "m1", second);

        assertThat(write).isInstanceOfSatisfying(FeedbackWrite.Saved.class, saved -> {
            assertThat(saved.previous()).isEqualTo(first);
            assertThat(saved.changed()).isTrue();
        });
        assertThat(store().message(message.key()).answer().feedback()).isEqualTo(second);
        assertThat(store().messagesFrom(conversation, 1)).singleElement();
    }

    @Test
    void feedback_whenTheSameFeedbackIsSentAgain_keepsOneRatingAndSaysNothingChanged() {
        ConversationRef conversation = conversation("user-a");
        StoredMessage message = answered(conversation, "m1");
        store().feedback(conversation, "m1", feedback(Rating.UP, "spot on"));
        clock.advance(Duration.ofSeconds(2));

        FeedbackWrite again = store().feedback(conversation, "m1", feedback(Rating.UP, "spot on"));

        assertThat(again).isInstanceOfSatisfying(FeedbackWrite.Saved.class, saved -> assertThat(saved.changed()).isFalse());
        assertThat(store().message(message.key()).answer().feedback()).satisfies(f -> {
            assertThat(f.rating()).isEqualTo(Rating.UP);
            assertThat(f.reason()).isEqualTo("spot on");
        });
    }

    @Test
    void feedback_whenTheMessageIsPendingOrFailed_isUnansweredAndWritesNothing() {
        ConversationRef conversation = conversation("user-a");
        StoredMessage pending = accepted(conversation, "m1").message();
        StoredMessage failed = accepted(conversation, "m2").message();
        store().fail(failed.key(), 1, ErrorCode.CAPACITY_LIMIT, "too large");
        failed = store().message(failed.key());

        FeedbackWrite onPending = store().feedback(conversation, "m1", feedback(Rating.UP, null));
        FeedbackWrite onFailed = store().feedback(conversation, "m2", feedback(Rating.DOWN, "it broke"));

        assertThat(onPending).isEqualTo(new FeedbackWrite.Unanswered(pending));
        assertThat(onFailed).isEqualTo(new FeedbackWrite.Unanswered(failed));
        assertThat(store().message(pending.key())).isEqualTo(pending);
        assertThat(store().message(failed.key())).isEqualTo(failed);
    }

    @Test
    void feedback_whenTheMessageIdIsUnknown_isMissingAndWritesNothing() {
        ConversationRef conversation = conversation("user-a");
        StoredMessage message = answered(conversation, "m1");

        assertThat(store().feedback(conversation, "m9", feedback(Rating.UP, null))).isEqualTo(new FeedbackWrite.Missing());
        assertThat(store().feedback(conversation("user-a"), "m1", feedback(Rating.UP, null))).isEqualTo(new FeedbackWrite.Missing());
        assertThat(store().message(message.key()).answer().feedback()).isNull();
    }

    @Test
    void feedback_whenAnotherPrincipalNamesTheOwnersConversationAndMessage_isMissingAndTheOwnersAnswerStaysUnrated() {
        ConversationRef alice = new ConversationRef("alice", "shared-id-" + UUID.randomUUID());
        ConversationRef mallory = new ConversationRef("mallory", alice.conversationId());
        StoredMessage owners = answered(alice, "m1");

        FeedbackWrite write = store().feedback(mallory, "m1", feedback(Rating.DOWN, "sabotage"));

        // Exactly what an id nobody used gets: the owner's conversation is not mallory's to find.
        assertThat(write).isEqualTo(new FeedbackWrite.Missing());
        assertThat(store().message(owners.key())).isEqualTo(owners);
        assertThat(store().meta(mallory).exists()).isFalse();
    }

    @Test
    void feedback_whenTheRatedMessageIsClaimedOrFailedAfter_staysClosedWithItsOneAnswer() {
        ConversationRef conversation = conversation("user-a");
        StoredMessage message = answered(conversation, "m1");
        store().feedback(conversation, "m1", feedback(Rating.UP, null));

        assertThat(store().claim(message.key(), new ClaimRule.Resend(clock.instant()), lease(Duration.ofSeconds(70)), "conn-2"))
                .isInstanceOf(Claim.Closed.class);
        assertThat(store().fail(message.key(), 1, ErrorCode.INTERNAL, "late")).isInstanceOf(Closing.Superseded.class);
        assertThat(store().message(message.key()).answer().text()).isEqualTo("Try Berserk.");
        assertThat(store().message(message.key()).attempt()).isEqualTo(1);
    }

    @Test
    void messagesFromAndRecent_returnMessagesOldestFirst() {
        ConversationRef conversation = conversation("user-a");
        for (int i = 1; i <= 5; i++) {
            accepted(conversation, "m" + i);
        }

        assertThat(store().messagesFrom(conversation, 4)).extracting(StoredMessage::messageId).containsExactly("m4", "m5");
        assertThat(store().recent(conversation, 2)).extracting(StoredMessage::messageId).containsExactly("m4", "m5");
        assertThat(store().recent(conversation("nobody"), 2)).isEmpty();
    }

    // ---- token usage (ADR 0046) ----

    private NewAnswer charged(long tokens) {
        return new NewAnswer("Try Berserk.", 4, List.of(), Route.BASELINE, 40, ModelTier.SMALL, tokens);
    }

    private UsageTotals usageNow(String principal) {
        return store().usage(principal, UsagePeriods.at(clock.instant()));
    }

    @Test
    void answer_whenCharged_addsItsTokensToTheCallersDayAndMonth() {
        String principal = "user-" + UUID.randomUUID();
        ConversationRef conversation = conversation(principal);
        StoredMessage first = accepted(conversation, "m1").message();
        StoredMessage second = accepted(conversation, "m2").message();

        store().answer(first, charged(700));
        store().answer(second.key(), second.attempt(), charged(55));

        assertThat(usageNow(principal)).isEqualTo(new UsageTotals(UsagePeriods.at(clock.instant()), 755, 755));
        // Each answer keeps what it was charged, written with it.
        assertThat(store().message(first.key()).answer().chargedTokens()).isEqualTo(700);
        assertThat(store().message(second.key()).answer().chargedTokens()).isEqualTo(55);
    }

    @Test
    void usage_whenTheCallerHasNoAnswers_isZero() {
        assertThat(usageNow("user-" + UUID.randomUUID())).isEqualTo(UsageTotals.none(UsagePeriods.at(clock.instant())));
    }

    @Test
    void answer_whenFailedOrSupersededOrClosedTwice_chargesNothingMore() {
        String principal = "user-" + UUID.randomUUID();
        ConversationRef conversation = conversation(principal);
        StoredMessage failed = accepted(conversation, "m1").message();
        StoredMessage answered = accepted(conversation, "m2").message();
        store().fail(failed, ErrorCode.MODEL_UNAVAILABLE, "down");
        store().answer(answered, charged(100));

        Closing afterFailure = store().answer(failed, charged(900));
        // The same attempt closing again (a retry) may be told it closed the message; it is not charged again either way.
        store().answer(answered, charged(100));

        assertThat(afterFailure).isInstanceOf(Closing.Superseded.class);
        assertThat(usageNow(principal).dayTokens()).isEqualTo(100);
    }

    @Test
    void usage_isEachCallersOwn() {
        String alice = "user-" + UUID.randomUUID();
        String bob = "user-" + UUID.randomUUID();
        store().answer(accepted(conversation(alice), "m1").message(), charged(300));

        assertThat(usageNow(bob).dayTokens()).isZero();
        assertThat(usageNow(alice).dayTokens()).isEqualTo(300);
    }

    @Test
    void usage_whenTheDayTurnsWithinTheMonth_startsTheDayAgainAndKeepsTheMonth() {
        String principal = "user-" + UUID.randomUUID();
        clock.set(java.time.Instant.parse("2026-12-08T23:59:00Z"));
        store().answer(accepted(conversation(principal), "m1").message(), charged(400));
        clock.set(java.time.Instant.parse("2026-12-09T00:01:00Z"));
        store().answer(accepted(conversation(principal), "m2").message(), charged(25));

        assertThat(usageNow(principal)).isEqualTo(new UsageTotals(UsagePeriods.at(clock.instant()), 25, 425));
        assertThat(store().usage(principal, UsagePeriods.at(java.time.Instant.parse("2026-12-08T12:00:00Z"))).dayTokens()).isEqualTo(400);
    }
}
