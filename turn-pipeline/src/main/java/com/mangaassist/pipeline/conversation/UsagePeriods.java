package com.mangaassist.pipeline.conversation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The budget windows an instant falls in (ADR 0046): its UTC day and its UTC month. UTC, not the caller's zone, so every
 * process, both compute paths and the operator's queries agree on which window an answer was charged to.
 */
public record UsagePeriods(LocalDate day, YearMonth month) {

    public UsagePeriods {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(month, "month");
    }

    public static UsagePeriods at(Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return new UsagePeriods(day, YearMonth.from(day));
    }

    /** When the next day's budget starts. */
    public Instant dayResetsAt() {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** When the next month's budget starts. */
    public Instant monthResetsAt() {
        return month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
