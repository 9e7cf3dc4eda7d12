package com.mangaassist.shared.wire.server;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.Objects;

/** The answer to a {@code usage} frame: the caller's token usage against its budgets now. Belongs to no message ({@code seq} 0). */
@JsonTypeName(UsageReport.TYPE)
public record UsageReport(long seq, Quota quota) implements ServerFrame {

    public static final String TYPE = "usage";

    public UsageReport {
        Objects.requireNonNull(quota, "quota");
        if (seq != 0) {
            throw new IllegalArgumentException("a usage report belongs to no message (seq 0), got " + seq);
        }
    }

    public static UsageReport of(Quota quota) {
        return new UsageReport(0, quota);
    }
}
