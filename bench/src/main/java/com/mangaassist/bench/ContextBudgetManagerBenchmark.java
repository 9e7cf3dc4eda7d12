package com.mangaassist.bench;

import com.mangaassist.shared.budget.AssembledPrompt;
import com.mangaassist.shared.budget.BudgetPolicy;
import com.mangaassist.shared.budget.BudgetRequest;
import com.mangaassist.shared.budget.ContextBudgetManager;
import com.mangaassist.shared.budget.ConversationTurn;
import com.mangaassist.shared.budget.JtokkitTokenCounter;
import com.mangaassist.shared.budget.PromptPart;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.budget.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Assembling a prompt from a stored history, the per-turn cost on both compute paths. Turns are
 * shaped like the seeds' (50-token questions, 200-token answers, every tenth turn entity-rich),
 * so at 100 and 1,000 turns the 4,096 window forces truncation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ContextBudgetManagerBenchmark {

    @Param({"10", "100", "1000"})
    public int turns;

    private ContextBudgetManager manager;
    private TokenCounter counter;
    private BudgetRequest request;
    private BudgetRequest reducedRequest;
    private String queryText;
    private PromptPart systemPrompt;
    private PromptPart rag;
    private List<ConversationTurn> history;

    @Setup
    public void setUp() {
        counter = JtokkitTokenCounter.withDefaults();
        manager = new ContextBudgetManager(counter, BudgetPolicy.defaults());
        systemPrompt = counter.part("You are MangaAssist, a helpful assistant for a manga store. ".repeat(20));
        rag = counter.part("Berserk (1989) by Kentaro Miura: dark fantasy, 41 volumes. ".repeat(10));
        queryText = "Can you recommend something like Vinland Saga but with more politics?";
        history = new ArrayList<>(turns);
        for (int i = 1; i <= turns; i++) {
            boolean user = i % 2 == 1;
            boolean entityRich = i % 10 == 0;
            history.add(new ConversationTurn(i, user ? Role.USER : Role.ASSISTANT, "turn " + i, user ? 50 : 200, entityRich,
                    entityRich ? List.of("Berserk vol. " + i, "order #" + i) : List.of()));
        }
        request = build(counter.part(queryText), 0);
        reducedRequest = build(counter.part(queryText), 1024);
    }

    private BudgetRequest build(PromptPart query, int ceiling) {
        return BudgetRequest.builder().systemPrompt(systemPrompt).outputReserve(512).query(query).ragContext(rag)
                .history(history).contextWindow(4096).ceiling(ceiling).build();
    }

    /** History and query already counted: the budget alone. */
    @Benchmark
    public AssembledPrompt assemble() {
        return manager.assemble(request);
    }

    /** What a turn really pays: count the new query, build the request, assemble. */
    @Benchmark
    public AssembledPrompt countQueryAndAssemble() {
        return manager.assemble(build(counter.part(queryText), 0));
    }

    /** Under the OOM breaker's 1,024-token ceiling (cuts fixed parts, so it tokenizes). */
    @Benchmark
    public AssembledPrompt assembleUnderReducedCeiling() {
        return manager.assemble(reducedRequest);
    }
}
