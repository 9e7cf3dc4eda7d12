package com.mangaassist.shared.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.Fixtures;
import com.mangaassist.shared.wire.overflow.OverflowMessage;
import com.mangaassist.shared.wire.overflow.OverflowMessageCodec;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OverflowMessageCodecTest {

    private final OverflowMessageCodec codec = OverflowMessageCodec.withDefaults();

    private static final OverflowMessage GOLDEN = new OverflowMessage("user-7f3a", "conv-42", "msg-0001", 7, 2, "req-5c1d",
            Instant.parse("2026-11-22T12:00:00Z"));

    @Test
    void decode_whenGoldenV2_returnsRecord() {
        assertThat(codec.decode(Fixtures.text("wire/overflow/overflow-v2.json")).value()).isEqualTo(GOLDEN);
    }

    @Test
    void encode_whenRecord_matchesGoldenIncludingSchemaVersion() {
        assertThat(Fixtures.tree(codec.encode(GOLDEN))).isEqualTo(Fixtures.tree(Fixtures.text("wire/overflow/overflow-v2.json")));
    }

    @Test
    void decode_whenNewerSchemaVersion_failsOnVersionBeforeAnyOtherField() {
        assertThat(codec.decode(Fixtures.text("wire/overflow/overflow-v3.json")).error().code()).isEqualTo(ErrorCode.UNSUPPORTED_SCHEMA_VERSION);
    }

    @Test
    void decode_whenOlderSchemaVersion_failsOnVersion() {
        // Version 1 carried the text and the connection; a consumer of version 2 claims the stored message instead.
        assertThat(codec.decode(Fixtures.text("wire/overflow/overflow-v1.json")).error().code()).isEqualTo(ErrorCode.UNSUPPORTED_SCHEMA_VERSION);
    }

    @Test
    void decode_whenVersionMissing_failsAsMissingField() {
        assertThat(codec.decode(Fixtures.text("wire/overflow/overflow-no-version.json")).error().field()).isEqualTo("schemaVersion");
    }

    @Test
    void decode_whenIndexIsZero_failsKeepingMessageId() {
        WireError error = codec.decode(Fixtures.text("wire/overflow/overflow-index-zero.json")).error();

        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(error.field()).isEqualTo("index");
        assertThat(error.messageId()).isEqualTo("msg-0001");
    }

    @Test
    void decode_whenNotJson_failsAsMalformed() {
        assertThat(codec.decode("poison").error().code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(codec.decode("").error().code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    }
}
