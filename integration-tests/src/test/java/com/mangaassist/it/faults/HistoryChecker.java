package com.mangaassist.it.faults;

import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.conversation.MessageState;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.chatclient.MessageStatus;
import com.mangaassist.chatclient.MessageView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads every user's outcome and the stored conversations after a scenario and counts what the
 * contract forbids, per message id (ADR 0019): <b>lost</b> — the user never saw an ending, or saw
 * a different ending than the one stored; <b>duplicated</b> — more than one stored message for
 * one id, or stored questions nobody typed; <b>spliced</b> — the answer the user saw is not the
 * stored answer (two generations' text joined, or part of one); <b>stranded</b> — a stored
 * message still pending once recovery had its time; <b>gaps</b> — message indexes that skip or a
 * message closed without its answer (a prompt would then hold two questions in a row). Explicit
 * errors are allowed by the contract and counted apart.
 */
final class HistoryChecker {

    private final ConversationStore store;

    HistoryChecker(ConversationStore store) {
        this.store = store;
    }

    /** Waits (up to {@code recovery}) for stored messages to close, then checks every user. */
    Verdict check(String scenario, List<SimulatedUser> users, Duration recovery) {
        long deadline = System.nanoTime() + recovery.toNanos();
        while (System.nanoTime() < deadline && users.stream().anyMatch(u -> stored(u).stream().anyMatch(m -> !m.state().closed()))) {
            sleep();
        }
        int turns = 0;
        int answered = 0;
        int resent = 0;
        List<String> errors = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        List<String> spliced = new ArrayList<>();
        List<String> stranded = new ArrayList<>();
        List<String> gaps = new ArrayList<>();
        List<Long> settleMillis = new ArrayList<>();
        for (SimulatedUser user : users) {
            List<StoredMessage> stored = stored(user);
            for (int i = 0; i < stored.size(); i++) {
                StoredMessage message = stored.get(i);
                if (message.index() != i + 1) {
                    gaps.add(user.conversationId() + " index " + message.index() + " at position " + (i + 1));
                }
                if (!message.state().closed()) {
                    stranded.add(message.messageId() + " (attempt " + message.attempt() + ", " + message.stage() + ")");
                }
                if (!user.outcomes.containsKey(message.messageId())) {
                    duplicated.add(message.messageId() + " stored but never typed");
                }
            }
            for (Map.Entry<String, MessageView> outcome : user.outcomes.entrySet()) {
                turns++;
                String messageId = outcome.getKey();
                MessageView seen = outcome.getValue();
                settleMillis.add(user.settleMillis.get(messageId));
                if (user.sends.getOrDefault(messageId, 0) > 1) {
                    resent++; // the fault reached this user: the message had to be sent again (same id)
                }
                List<StoredMessage> copies = stored.stream().filter(m -> m.messageId().equals(messageId)).toList();
                if (copies.size() > 1) {
                    duplicated.add(messageId + " stored " + copies.size() + " times");
                }
                StoredMessage kept = copies.isEmpty() ? null : copies.get(0);
                if (seen.status() == MessageStatus.DONE) {
                    answered++;
                    if (kept == null || kept.state() != MessageState.ANSWERED) {
                        lost.add(messageId + " shown done, stored " + (kept == null ? "nothing" : kept.state()));
                    } else if (!kept.answer().text().equals(seen.text())) {
                        spliced.add(messageId + " shown attempt " + seen.attempt() + " \"" + abbreviate(seen.text()) + "\" but stored attempt "
                                + kept.answer().attempt() + " \"" + abbreviate(kept.answer().text()) + "\"");
                    }
                } else if (seen.status() == MessageStatus.FAILED) {
                    errors.add(seen.code() == null ? "?" : seen.code().wireName());
                    if (kept == null || kept.state() != MessageState.FAILED) {
                        lost.add(messageId + " shown error " + seen.code() + ", stored " + (kept == null ? "nothing" : kept.state()));
                    }
                } else {
                    lost.add(messageId + " never ended for the user (last seen " + seen.status() + " attempt " + seen.attempt() + ")");
                }
            }
        }
        return new Verdict(scenario, turns, answered, resent, errors, lost, duplicated, spliced, stranded, gaps, percentile(settleMillis, 0.99),
                settleMillis.stream().mapToLong(Long::longValue).max().orElse(0));
    }

    private List<StoredMessage> stored(SimulatedUser user) {
        return store.messagesFrom(new ConversationRef(user.principal(), user.conversationId()), 1);
    }

    private static long percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 28) + "…" + text.substring(text.length() - 28);
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** One scenario's result: what the checker counted, and how long messages took to settle. */
    record Verdict(String scenario, int turns, int answered, int resent, List<String> errors, List<String> lost, List<String> duplicated, List<String> spliced,
                   List<String> stranded, List<String> gaps, long p99SettleMillis, long maxSettleMillis) {

        boolean clean() {
            return lost.isEmpty() && duplicated.isEmpty() && spliced.isEmpty() && stranded.isEmpty() && gaps.isEmpty();
        }

        String row() {
            String errorCell = errors.isEmpty() ? "0" : errors.size() + " (" + String.join(", ", new java.util.TreeSet<>(errors)) + ")";
            return String.format(java.util.Locale.ROOT, "| %s | %d | %d | %d | %s | %d | %d | %d | %d | %.1f s | %.1f s |", scenario, turns, answered,
                    resent, errorCell, lost.size(), duplicated.size(), spliced.size(), stranded.size(), p99SettleMillis / 1000.0, maxSettleMillis / 1000.0);
        }

        String details() {
            return "lost " + lost + "\nduplicated " + duplicated + "\nspliced " + spliced + "\nstranded " + stranded + "\ngaps " + gaps;
        }
    }
}
