package com.mangaassist.planner.traffic;

import com.mangaassist.planner.config.PlannerInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Streams a CSV trace: a header {@code timestamp,user,conversation,tokens_in,tokens_out} with
 * optional {@code locale} and {@code query} columns, then one turn per line in time order.
 * Timestamps are seconds from the start ({@code 12.5}) or ISO-8601 instants (relative to the
 * first line). Fields may be double-quoted ({@code ""} escapes a quote). A malformed line is
 * refused with its number and field; nothing is guessed.
 */
public final class TraceReader implements TurnSource, AutoCloseable {

    private static final List<String> REQUIRED = List.of("timestamp", "user", "conversation", "tokens_in", "tokens_out");
    private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*");

    private final String name;
    private final BufferedReader in;
    private final boolean hasLocale;
    private final boolean hasQuery;
    private final int columns;
    private long line = 1;
    private double previous = Double.NEGATIVE_INFINITY;
    private Instant origin;

    public TraceReader(String name, BufferedReader in) {
        this.name = name;
        this.in = in;
        String header = read();
        if (header == null) {
            throw refuse(1, null, "is empty: a trace starts with the header " + String.join(",", REQUIRED));
        }
        List<String> names = split(header.strip(), 1);
        List<String> expected = new ArrayList<>(REQUIRED);
        if (names.size() > 5) {
            expected.add("locale");
        }
        if (names.size() > 6) {
            expected.add("query");
        }
        if (!names.equals(expected)) {
            throw refuse(1, null, "must be the header " + String.join(",", REQUIRED) + "[,locale[,query]], got '" + header + "'");
        }
        this.columns = names.size();
        this.hasLocale = columns > 5;
        this.hasQuery = columns > 6;
    }

    @Override
    public TraceTurn next() {
        String text;
        do {
            text = read();
            if (text == null) {
                return null;
            }
            line++;
        } while (text.isBlank());
        List<String> fields = split(text, line);
        if (fields.size() != columns) {
            throw refuse(line, null, "has " + fields.size() + " fields, the header names " + columns);
        }
        double at = timestamp(fields.get(0));
        if (at < previous) {
            throw refuse(line, "timestamp", "goes back in time (" + fields.get(0) + " after " + previous + " s): a trace must be in time order");
        }
        previous = at;
        String user = id(fields.get(1), "user");
        String conversation = id(fields.get(2), "conversation");
        int tokensIn = count(fields.get(3), "tokens_in", 1);
        int tokensOut = count(fields.get(4), "tokens_out", 1);
        String locale = hasLocale ? fields.get(5) : "en";
        if (!LOCALE.matcher(locale).matches()) {
            throw refuse(line, "locale", "must be a BCP 47 language tag such as ja or en-US, got '" + locale + "'");
        }
        String query = hasQuery ? fields.get(6) : "";
        return new TraceTurn(at, user, conversation, tokensIn, tokensOut, locale, query);
    }

    @Override
    public double expectedSeconds() {
        return Double.NaN;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private double timestamp(String value) {
        try {
            double seconds = Double.parseDouble(value);
            if (!(seconds >= 0) || Double.isInfinite(seconds)) {
                throw refuse(line, "timestamp", "must be seconds since the start (0 or more) or an ISO-8601 instant, got '" + value + "'");
            }
            return seconds;
        } catch (NumberFormatException notSeconds) {
            try {
                Instant instant = Instant.parse(value);
                if (origin == null) {
                    origin = instant;
                }
                return java.time.Duration.between(origin, instant).toNanos() / 1e9;
            } catch (DateTimeParseException e) {
                throw refuse(line, "timestamp", "must be seconds since the start or an ISO-8601 instant, got '" + value + "'");
            }
        }
    }

    private String id(String value, String field) {
        if (value.isBlank()) {
            throw refuse(line, field, "is empty");
        }
        return value;
    }

    private int count(String value, String field, int min) {
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed < min) {
                throw refuse(line, field, "must be a whole number of at least " + min + ", got '" + value + "'");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw refuse(line, field, "must be a whole number of at least " + min + ", got '" + value + "'");
        }
    }

    private String read() {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new PlannerInputException(name + ": cannot be read (" + e.getMessage() + ").", e);
        }
    }

    private List<String> split(String text, long lineNumber) {
        List<String> fields = new ArrayList<>(7);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == ',') {
                fields.add(wasQuoted ? field.toString() : field.toString().strip());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && field.toString().isBlank()) {
                quoted = true;
                wasQuoted = true;
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw refuse(lineNumber, null, "ends inside a quoted field");
        }
        fields.add(wasQuoted ? field.toString() : field.toString().strip());
        return fields;
    }

    private PlannerInputException refuse(long lineNumber, String field, String problem) {
        return new PlannerInputException(name + " line " + lineNumber + (field == null ? "" : ", field '" + field + "'") + ": " + problem + ".");
    }
}
