package com.mangaassist.gpu.engine.simulated;

import com.mangaassist.gpu.engine.PrefixCacheStats;

import com.mangaassist.shared.capacity.CapacityEstimate;
import com.mangaassist.shared.capacity.GpuCapacityModel;
import com.mangaassist.gpu.engine.ChatMessage;
import com.mangaassist.gpu.engine.EngineException;
import com.mangaassist.gpu.engine.EngineRequest;
import com.mangaassist.gpu.engine.EngineResult;
import com.mangaassist.gpu.engine.EngineStats;
import com.mangaassist.gpu.engine.InferenceEngine;
import com.mangaassist.gpu.engine.TokenSink;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.wire.inference.FinishReason;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in for a GPU running vLLM, named for what it is: no model runs here. It answers only from
 * the RAG context the request carries (the reference block the platform retrieved; see
 * {@link ReferenceResponder}), saying so when there is none, and behaves like a GPU where that
 * matters to the platform:
 * <ul>
 *   <li>loading takes time, and the first request of each prompt-size bucket pays extra;</li>
 *   <li>up to {@code maxNumSeqs} sequences run at once (continuous batching), others wait, and each
 *       decode step slows as the batch grows;</li>
 *   <li>every sequence holds KV-cache blocks of 16 tokens from a pool sized by the
 *       {@link GpuCapacityModel}; when the pool is exhausted the engine raises the same OOM signal
 *       as vLLM's "no available memory for the cache blocks".</li>
 * </ul>
 * {@link #faults()} lets tests and chaos drills make it hang or die.
 */
public final class SimulatedGpuEngine implements InferenceEngine {

    private final SimulatedGpuConfig config;
    private final CapacityEstimate capacity;
    private final KvBlockPool kvPool;
    private final PrefixCache prefixCache;
    private final Semaphore batchSlots;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    /** Sequences that found no free KV block mid-answer, where vLLM would preempt (see {@link #generate}). */
    private final AtomicLong preemptions = new AtomicLong();
    private final Set<Integer> warmedBuckets = ConcurrentHashMap.newKeySet();
    private final Faults faults = new Faults();
    private volatile boolean loaded;

    private final Set<String> adapters;

    /** @param adapters the LoRA adapters "loaded" (vLLM's --lora-modules); others are refused */
    public SimulatedGpuEngine(SimulatedGpuConfig config, Set<String> adapters) {
        this.config = config;
        this.adapters = Set.copyOf(adapters);
        this.capacity = GpuCapacityModel.estimate(config.capacity());
        this.kvPool = new KvBlockPool(capacity.kvBlocks());
        this.prefixCache = new PrefixCache(config.capacity().blockSize(), capacity.kvBlocks());
        this.batchSlots = new Semaphore(config.maxNumSeqs(), true);
    }

    @Override
    public String name() {
        return "simulated";
    }

    public CapacityEstimate capacity() {
        return capacity;
    }

    public Faults faults() {
        return faults;
    }

    @Override
    public int maxModelLen() {
        return config.maxModelLen();
    }

    @Override
    public void load() throws EngineException {
        if (capacity.kvBlocks() == 0) {
            throw new EngineException.Unavailable("model weights leave no GPU memory for the KV cache", null);
        }
        sleep(config.loadTime());
        loaded = true;
    }

    @Override
    public EngineResult generate(EngineRequest request, TokenSink sink) throws EngineException {
        if (!loaded) {
            throw new EngineException.Unavailable("model not loaded", null);
        }
        faults.apply();
        if (request.adapter() != null && !adapters.contains(request.adapter())) {
            throw new EngineException.Rejected("the model '" + request.adapter() + "' does not exist (LoRA adapter not loaded)");
        }
        if (request.promptTokens() + request.maxTokens() > config.maxModelLen()) {
            throw new EngineException.Rejected("prompt of " + request.promptTokens() + " tokens plus " + request.maxTokens()
                    + " output tokens exceeds max-model-len " + config.maxModelLen());
        }
        waiting.incrementAndGet();
        try {
            batchSlots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException.Unavailable("interrupted while queued", e);
        } finally {
            waiting.decrementAndGet();
        }
        running.incrementAndGet();
        long held = 0;
        try {
            long promptBlocks = capacity.blocksFor(Math.max(1, request.promptTokens()));
            if (!kvPool.tryAllocate(promptBlocks)) {
                throw outOfMemory(promptBlocks);
            }
            held = promptBlocks;
            // vLLM runs with --enable-prefix-caching: the leading blocks it still holds are not prefilled again (PrefixCache).
            prefill(request.promptTokens(), request.promptTokens() - prefixCache.lookUpAndInsert(request.messages(), request.promptTokens()));

            List<String> tokens = AnswerTokens.split(ReferenceResponder.answer(lastUserMessage(request), request.adapter(),
                    referenceBlock(request)));
            int produced = 0;
            FinishReason finish = FinishReason.STOP;
            for (String token : tokens) {
                if (produced == request.maxTokens()) {
                    finish = FinishReason.LENGTH;
                    break;
                }
                int context = request.promptTokens() + produced + 1;
                long needed = capacity.blocksFor(context);
                if (needed > held) {
                    if (!kvPool.tryAllocate(needed - held)) {
                        // Where vLLM would preempt this sequence (and recompute it later), the model counts a preemption and
                        // then fails the request as out of memory: it does not model recomputation.
                        preemptions.incrementAndGet();
                        throw outOfMemory(needed - held);
                    }
                    held = needed;
                }
                sleep(decodeStep());
                produced++;
                if (!sink.onToken(token)) {
                    finish = FinishReason.CANCELLED;
                    break;
                }
            }
            return new EngineResult(request.promptTokens(), produced, finish);
        } finally {
            kvPool.free(held);
            running.decrementAndGet();
            batchSlots.release();
        }
    }

    private EngineException.OutOfMemory outOfMemory(long blocks) {
        return new EngineException.OutOfMemory("CUDA out of memory: no available memory for the cache blocks (needed " + blocks
                + " blocks, " + (kvPool.total() - kvPool.used()) + " of " + kvPool.total() + " free)");
    }

    /** @param uncachedTokens the prompt's tokens past the prefix the cache held: the only ones prefilled */
    private void prefill(int promptTokens, int uncachedTokens) {
        // Prompt-size buckets mirror the batch sizes vLLM captures CUDA graphs for.
        int bucket = 32 - Integer.numberOfLeadingZeros(Math.max(1, promptTokens));
        if (warmedBuckets.add(bucket)) {
            sleep(config.firstShapeCost());
        }
        sleep(config.prefillPerToken().multipliedBy(Math.max(0, uncachedTokens)));
    }

    private Duration decodeStep() {
        double factor = 1 + config.batchSlowdown() * Math.max(0, running.get() - 1);
        return Duration.ofNanos((long) (config.decodePerToken().toNanos() * factor));
    }

    private static String lastUserMessage(EngineRequest request) {
        List<ChatMessage> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) {
                return messages.get(i).content();
            }
        }
        return "";
    }

    /**
     * The RAG context as the front laid it into the prompt ({@link ChatMessage#reference}), or
     * {@code ""} when the request carried none. The last system message with the header wins, so an
     * operator's system prompt that happens to start the same way cannot shadow it.
     */
    private static String referenceBlock(EngineRequest request) {
        List<ChatMessage> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            ChatMessage message = messages.get(i);
            if (message.role() == Role.SYSTEM && message.content().startsWith(ChatMessage.REFERENCE_HEADER)) {
                return message.content().substring(ChatMessage.REFERENCE_HEADER.length());
            }
        }
        return "";
    }

    @Override
    public void reset() {
        // A real reset flushes the block manager; here every failed sequence already freed its
        // blocks in its finally block, so only an inconsistency would leave anything to clear.
        if (running.get() == 0) {
            kvPool.clear();
        }
        prefixCache.clear();
    }

    @Override
    public PrefixCacheStats prefixCache() {
        return prefixCache.stats();
    }

    @Override
    public EngineStats stats() {
        return new EngineStats(running.get(), waiting.get(), config.maxNumSeqs(), kvPool.usage(), preemptions.get());
    }

    private static void sleep(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Failure modes a test or a chaos drill can switch on. */
    public static final class Faults {

        public enum Mode { NONE, HANG, DEAD }

        private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.NONE);
        private final Object hangLock = new Object();

        public void set(Mode value) {
            mode.set(value);
            if (value != Mode.HANG) {
                synchronized (hangLock) {
                    hangLock.notifyAll();
                }
            }
        }

        public Mode mode() {
            return mode.get();
        }

        void apply() throws EngineException {
            Mode current = mode.get();
            if (current == Mode.DEAD) {
                throw new EngineException.Unavailable("engine process is not running", null);
            }
            if (current == Mode.HANG) {
                synchronized (hangLock) {
                    while (mode.get() == Mode.HANG) {
                        try {
                            hangLock.wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new EngineException.Unavailable("interrupted while hung", e);
                        }
                    }
                }
                apply();
            }
        }
    }
}
