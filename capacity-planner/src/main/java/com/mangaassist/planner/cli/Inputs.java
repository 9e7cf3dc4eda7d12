package com.mangaassist.planner.cli;

import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.config.PlannerInputException;
import com.mangaassist.planner.config.PriceTable;
import com.mangaassist.planner.traffic.TraceReader;
import com.mangaassist.planner.traffic.TrafficGenerator;
import com.mangaassist.planner.traffic.TurnSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** The options every simulating command takes: the deployment, the prices, the traffic, and the token budgets it meets. */
final class Inputs {

    @Option(names = "--config", description = "Planner config (JSON, complete; `capacity-planner defaults` prints one). Default: the bundled one.")
    Path config;

    @Option(names = "--prices", description = "Price table (JSON with its date). Default: the bundled on-demand list prices.")
    Path prices;

    @Option(names = "--trace", description = "CSV trace to replay (timestamp,user,conversation,tokens_in,tokens_out[,locale[,query]]). Default: generated traffic.")
    Path trace;

    @Option(names = "--users", description = "Generated traffic: override traffic.users.")
    Long users;

    @Option(names = "--duration", description = "Generated traffic: override traffic.durationSeconds.")
    Double duration;

    @Option(names = "--quota-daily-tokens", description = "Override quota.dailyTokens: each principal's token budget (prompt + completion) per UTC day, "
            + "past which its messages are refused quota_exceeded (ADR 0046); 0 = none.")
    Long quotaDailyTokens;

    @Option(names = "--quota-monthly-tokens", description = "Override quota.monthlyTokens: the same per UTC month, held as a cap over the whole run; 0 = none.")
    Long quotaMonthlyTokens;

    PlannerConfig config() {
        PlannerConfig loaded = config == null ? PlannerConfig.defaults() : PlannerConfig.load(config);
        if (users != null || duration != null) {
            PlannerConfig.TrafficSettings t = loaded.traffic();
            if (users != null && users < 1) {
                throw new PlannerInputException("--users must be at least 1, got " + users + ".");
            }
            if (duration != null && !(duration > 0)) {
                throw new PlannerInputException("--duration must be positive, got " + duration + ".");
            }
            PlannerConfig.TrafficSettings traffic = users == null ? t : t.withUsers(users);
            loaded = loaded.withTraffic(duration == null ? traffic
                    : traffic.phases().isEmpty() ? traffic.withRate(t.turnsPerUserPerHour(), duration, t.spikes()) : traffic.withPhases(t.phases(), duration));
        }
        if (quotaDailyTokens != null || quotaMonthlyTokens != null) {
            PlannerConfig.QuotaSettings quota = loaded.quota();
            if (quotaDailyTokens != null) {
                quota = quota.withDailyTokens(budget("--quota-daily-tokens", quotaDailyTokens));
            }
            if (quotaMonthlyTokens != null) {
                quota = quota.withMonthlyTokens(budget("--quota-monthly-tokens", quotaMonthlyTokens));
            }
            loaded = loaded.withQuota(quota);
        }
        return loaded;
    }

    private static long budget(String option, long tokens) {
        if (tokens < 0) {
            throw new PlannerInputException(option + " must be 0 (no budget) or a positive number of tokens, got " + tokens + ".");
        }
        return tokens;
    }

    PriceTable prices() {
        return prices == null ? PriceTable.defaults() : PriceTable.load(prices);
    }

    /** A fresh source each call: recommend replays the same traffic for every candidate. */
    Supplier<TurnSource> traffic(PlannerConfig config) {
        if (trace == null) {
            return () -> new TrafficGenerator(config.traffic());
        }
        if (!Files.isReadable(trace)) {
            throw new PlannerInputException(trace + ": cannot be read.");
        }
        return () -> {
            try {
                return new TraceReader(trace.toString(), Files.newBufferedReader(trace, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new PlannerInputException(trace + ": cannot be read (" + e.getMessage() + ").", e);
            }
        };
    }

    String describe(PlannerConfig config) {
        return trafficName(config) + quota(config.quota());
    }

    private String trafficName(PlannerConfig config) {
        if (trace != null) {
            return "trace " + trace.getFileName();
        }
        PlannerConfig.TrafficSettings t = config.traffic();
        return t.phases().isEmpty()
                ? String.format(java.util.Locale.ROOT, "%,d users, %.0f s, %d chapter-drop spike(s)", t.users(), t.durationSeconds(), t.spikes().size())
                : String.format(java.util.Locale.ROOT, "%d phases of constant rate", t.phases().size());
    }

    /** Named in the title only when set, so a run without budgets is titled as before. */
    private static String quota(PlannerConfig.QuotaSettings q) {
        if (!q.enabled()) {
            return "";
        }
        java.util.List<String> budgets = new java.util.ArrayList<>();
        if (q.dailyTokens() > 0) {
            budgets.add(String.format(java.util.Locale.ROOT, "%,d a day", q.dailyTokens()));
        }
        if (q.monthlyTokens() > 0) {
            budgets.add(String.format(java.util.Locale.ROOT, "%,d a month", q.monthlyTokens()));
        }
        return ", token budget per principal " + String.join(" and ", budgets);
    }
}
