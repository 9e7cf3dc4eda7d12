package com.mangaassist.planner.report;

import java.util.Locale;

/** How the reports write numbers: latencies that may be "never", shares, money. */
public final class Formats {

    private Formats() {
    }

    public static String millis(double ms) {
        if (Double.isNaN(ms)) {
            return "–";
        }
        if (Double.isInfinite(ms)) {
            return "never";
        }
        return ms >= 100 ? String.format(Locale.ROOT, "%,.0f ms", ms) : String.format(Locale.ROOT, "%.1f ms", ms);
    }

    public static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f %%", share * 100);
    }

    public static String money(double amount, String currency) {
        return String.format(Locale.ROOT, "%,.2f %s", amount, currency);
    }

    public static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** For CSV: plain numbers, "inf" for never. */
    public static String csv(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (Double.isInfinite(value)) {
            return "inf";
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
