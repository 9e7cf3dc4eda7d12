package com.mangaassist.bench.load;

import com.mangaassist.shared.runtime.DaemonThreads;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Offers turns to the WebSocket gateway on a seeded open-loop schedule from a pool of connected
 * users (each user one connection, one conversation, one turn at a time) and records what every
 * turn's user saw. A turn offered when no user is idle is recorded as not offered, which marks
 * the run invalid rather than silently thinning the load.
 */
public final class ChatLoadGenerator implements AutoCloseable {

    private static final List<String> QUESTIONS = List.of(
            "Which volume of \"One Piece\" starts the Wano arc?",
            "Can you recommend a manga like \"Frieren\" for a new reader?",
            "Where is my order 112-4455667-1234567?",
            "Is \"Chainsaw Man\" part 2 available in paperback?",
            "What is the reading order for \"Jujutsu Kaisen\"?",
            "Do you have the box set of \"Fullmetal Alchemist\"?",
            "Which manga won the Shogakukan award this year?",
            "Is ISBN 978-1-9747-0726-6 in stock?");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("bench-retry"));
    private final List<ChatSession> sessions = new ArrayList<>();
    private final ConcurrentLinkedQueue<ChatSession> idle = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<TurnRecord> records = new ConcurrentLinkedQueue<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final java.util.concurrent.Semaphore turnEnded = new java.util.concurrent.Semaphore(0);
    private final List<String> questions;

    private ChatLoadGenerator(List<String> questions) {
        if (questions.isEmpty()) {
            throw new IllegalArgumentException("no questions to ask");
        }
        this.questions = List.copyOf(questions);
    }

    /**
     * Connects {@code users} WebSockets; {@code socketUri} gives user {@code i}'s URI (its token).
     *
     * @param retryDeadline how long a user keeps retrying a turn refused with {@code busy}
     */
    public static ChatLoadGenerator connect(IntFunction<URI> socketUri, int users, Duration retryDeadline) {
        return connect(socketUri, users, retryDeadline, QUESTIONS);
    }

    /**
     * The same, asking {@code questions} in turn (the n-th offered turn asks question n modulo their number) instead of the
     * default eight; a question in Japanese is sent with locale {@code ja}.
     */
    public static ChatLoadGenerator connect(IntFunction<URI> socketUri, int users, Duration retryDeadline, List<String> questions) {
        ChatLoadGenerator generator = new ChatLoadGenerator(questions);
        List<CompletableFuture<ChatSession>> opening = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            opening.add(ChatSession.open(generator.http, socketUri.apply(i), generator.retries, retryDeadline.toNanos(), generator::finished));
            if (opening.size() == 50) {
                generator.add(opening);
            }
        }
        generator.add(opening);
        return generator;
    }

    private void add(List<CompletableFuture<ChatSession>> opening) {
        for (CompletableFuture<ChatSession> future : opening) {
            ChatSession session = future.join();
            sessions.add(session);
            idle.add(session);
        }
        opening.clear();
    }

    private void finished(ChatSession session, TurnRecord record) {
        records.add(record);
        outstanding.decrementAndGet();
        if (session.isOpen()) {
            idle.add(session);
        }
        turnEnded.release();
    }

    /**
     * One turn at a time, {@code turns} times, the users taking turns (each conversation grows by
     * turns / users): latency without queueing, for comparison with a direct call.
     */
    public List<TurnRecord> runClosedLoop(int turns, Duration lostAfter) {
        records.clear();
        turnEnded.drainPermits();
        for (int i = 0; i < turns; i++) {
            ChatSession session = idle.poll();
            if (session == null) {
                throw new IllegalStateException("no open connection left");
            }
            outstanding.incrementAndGet();
            session.offer(0, System.nanoTime(), questions.get(i % questions.size()));
            try {
                if (!turnEnded.tryAcquire(lostAfter.toMillis(), TimeUnit.MILLISECONDS)) {
                    session.abandon();
                    turnEnded.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return List.copyOf(records);
    }

    /**
     * Runs the schedule and returns one record per offered turn, in no particular order, once every
     * turn ended or {@code lostAfter} passed since the last arrival (what is still open then is lost).
     */
    public List<TurnRecord> run(List<LoadPhase> phases, long seed, Duration lostAfter) {
        records.clear();
        List<ArrivalSchedule.Arrival> arrivals = ArrivalSchedule.of(phases, seed);
        long start = System.nanoTime();
        int n = 0;
        for (ArrivalSchedule.Arrival arrival : arrivals) {
            long due = start + arrival.offsetNanos();
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            ChatSession session = idle.poll();
            if (session == null) {
                records.add(new TurnRecord(arrival.phase(), start + arrival.offsetNanos(), -1, -1, TurnRecord.Outcome.NOT_OFFERED, null, null, 0));
                continue;
            }
            outstanding.incrementAndGet();
            session.offer(arrival.phase(), System.nanoTime(), questions.get(n++ % questions.size()));
        }
        long giveUp = System.nanoTime() + lostAfter.toNanos();
        while (outstanding.get() > 0 && System.nanoTime() < giveUp) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        sessions.forEach(ChatSession::abandon);
        return List.copyOf(records);
    }

    /**
     * Conversations turn by turn: in each of {@code rounds} rounds every connected user asks one
     * question of its own conversation (the offers spread evenly over {@code spread}), and the next
     * round starts once every turn of this one ended or {@code lostAfter} passed. A record's phase is
     * its round, so round {@code r} holds every conversation's turn {@code r + 1}.
     */
    public List<TurnRecord> runRounds(int rounds, Duration spread, Duration lostAfter) {
        records.clear();
        List<ChatSession> users = List.copyOf(sessions);
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < users.size(); i++) {
                long due = start + spread.toNanos() * i / users.size();
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                ChatSession user = users.get(i);
                if (!idle.remove(user)) {
                    records.add(new TurnRecord(round, System.nanoTime(), -1, -1, TurnRecord.Outcome.NOT_OFFERED, null, null, 0));
                    continue;
                }
                outstanding.incrementAndGet();
                // Each conversation moves on to another question every round, and neighbours ask different ones; the reader's
                // number makes every conversation's history its own, as real ones are (the eight questions alone would give
                // conversations i, i + 8, ... identical histories, which a prefix cache shares across conversations).
                user.offer(round, System.nanoTime(), questions.get((i + round) % questions.size()) + " (reader " + (i + 1) + ")");
            }
            long giveUp = System.nanoTime() + lostAfter.toNanos();
            while (outstanding.get() > 0 && System.nanoTime() < giveUp) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            if (outstanding.get() > 0) {
                users.forEach(ChatSession::abandon);
            }
        }
        return List.copyOf(records);
    }

    @Override
    public void close() {
        sessions.forEach(ChatSession::close);
        retries.shutdownNow();
    }
}
