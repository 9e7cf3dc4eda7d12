package com.mangaassist.planner.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.planner.config.PlannerInputException;
import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceReaderTest {

    @Test
    void next_whenWellFormed_readsEveryTurnInOrder() {
        TraceReader reader = reader("timestamp,user,conversation,tokens_in,tokens_out,locale,query\n"
                + "0.5,u1,c1,40,120,ja,\"ワンピースの最新刊は？\"\n"
                + "\n"
                + "1.25,u2,c2,12,30,en-US,\"Compare A, B and \"\"C\"\"\"\n");

        TraceTurn first = reader.next();
        TraceTurn second = reader.next();

        assertThat(first).isEqualTo(new TraceTurn(0.5, "u1", "c1", 40, 120, "ja", "ワンピースの最新刊は？"));
        assertThat(second.query()).isEqualTo("Compare A, B and \"C\"");
        assertThat(second.locale()).isEqualTo("en-US");
        assertThat(reader.next()).isNull();
    }

    @Test
    void next_whenTimestampsAreInstants_readsThemRelativeToTheFirst() {
        TraceReader reader = reader("timestamp,user,conversation,tokens_in,tokens_out\n"
                + "2026-12-02T10:00:00Z,u,c,1,1\n2026-12-02T10:00:01.500Z,u,c,1,1\n");

        assertThat(reader.next().at()).isZero();
        assertThat(reader.next().at()).isEqualTo(1.5);
        assertThat(reader.next()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "tokens not a number|0,u,c,many,5|trace.csv line 2, field 'tokens_in': must be a whole number of at least 1, got 'many'.",
            "tokens zero|0,u,c,5,0|trace.csv line 2, field 'tokens_out': must be a whole number of at least 1, got '0'.",
            "negative time|-1,u,c,5,5|trace.csv line 2, field 'timestamp': must be seconds since the start (0 or more) or an ISO-8601 instant, got '-1'.",
            "bad time|yesterday,u,c,5,5|trace.csv line 2, field 'timestamp': must be seconds since the start or an ISO-8601 instant, got 'yesterday'.",
            "too few fields|0,u,c,5|trace.csv line 2: has 4 fields, the header names 5.",
            "empty user|0,,c,5,5|trace.csv line 2, field 'user': is empty."})
    void next_whenLineMalformed_refusesNamingLineAndField(String name, String line, String message) {
        TraceReader reader = reader("timestamp,user,conversation,tokens_in,tokens_out\n" + line + "\n");

        assertThatThrownBy(reader::next).isInstanceOf(PlannerInputException.class).hasMessage(message);
    }

    @Test
    void next_whenTimeGoesBack_refusesTheLine() {
        TraceReader reader = reader("timestamp,user,conversation,tokens_in,tokens_out\n5,u,c,1,1\n4,u,c,1,1\n");
        reader.next();

        assertThatThrownBy(reader::next).hasMessageStartingWith("trace.csv line 3, field 'timestamp': goes back in time");
    }

    @Test
    void next_whenLocaleIsNotATag_refusesIt() {
        TraceReader reader = reader("timestamp,user,conversation,tokens_in,tokens_out,locale\n0,u,c,1,1,日本語\n");

        assertThatThrownBy(reader::next).hasMessage("trace.csv line 2, field 'locale': must be a BCP 47 language tag such as ja or en-US, got '日本語'.");
    }

    @Test
    void constructor_whenHeaderWrong_refusesLineOne() {
        assertThatThrownBy(() -> reader("time,user,conversation,in,out\n"))
                .hasMessageStartingWith("trace.csv line 1: must be the header timestamp,user,conversation,tokens_in,tokens_out");
        assertThatThrownBy(() -> reader("")).hasMessageStartingWith("trace.csv line 1: is empty");
    }

    @Test
    void next_whenQuoteUnclosed_refuses() {
        TraceReader reader = reader("timestamp,user,conversation,tokens_in,tokens_out,locale,query\n0,u,c,1,1,en,\"open\n");

        assertThatThrownBy(reader::next).hasMessage("trace.csv line 2: ends inside a quoted field.");
    }

    private static TraceReader reader(String csv) {
        return new TraceReader("trace.csv", new BufferedReader(new StringReader(csv)));
    }
}
