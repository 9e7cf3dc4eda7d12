package com.mangaassist.releasecontract;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.Fixtures;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReleaseManifestCodecTest {

    private final ReleaseManifestCodec codec = new ReleaseManifestCodec();

    private static final ReleaseManifest MANIFEST = new ReleaseManifest("20261202T101500Z-1a2b3c4", "dev",
            "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d", Instant.parse("2026-12-02T10:15:00Z"), "123456789012", "ap-northeast-1",
            new ReleaseManifest.Images(
                    new ReleaseManifest.ImageRef("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/mangaassist-dev-orchestrator",
                            "sha256:0d7a1b0e8a4a2c3f5e6d7c8b9a0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7"),
                    new ReleaseManifest.ImageRef("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/mangaassist-dev-gpu-endpoint",
                            "sha256:9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a493827160f5e4d3c2b1a0")),
            new ReleaseManifest.Artifacts(
                    new ReleaseManifest.ObjectRef("mangaassist-dev-artifacts-123456789012",
                            "lambda-overflow/signed/5a0e9a3c-7f47-4b3e-9d0c-2f6b8f1e4a21.zip",
                            "8e1d2c3b4a5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9", "Qm2xT7rLk9vB3nW8pZ1cY4hJ6dF0sG5a"),
                    new ReleaseManifest.ObjectRef("mangaassist-dev-artifacts-123456789012",
                            "models/llama-3-8b-awq/7c6b5a4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b.tar.gz",
                            "7c6b5a4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b", "nZ3cNHRvC1bt_q2R2lGk9Hcm2oB7Qz7A"),
                    new ReleaseManifest.CodeSigning("5a0e9a3c-7f47-4b3e-9d0c-2f6b8f1e4a21", "MangaAssist_dev_overflow",
                            new ReleaseManifest.ObjectRef("mangaassist-dev-artifacts-123456789012",
                                    "lambda-overflow/3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a.zip",
                                    "3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a", "3HL4kqtJlcpXroDTDmjVBH40Nrjfkd"))));

    @Test
    void manifest_whenGolden_roundTripsToTheSameBytes() {
        String golden = Fixtures.text("release/manifest-v2.json");

        assertThat(codec.decode(golden.getBytes(StandardCharsets.UTF_8)).value()).isEqualTo(MANIFEST);
        assertThat(new String(codec.encode(MANIFEST), StandardCharsets.UTF_8)).isEqualTo(golden + "\n");
    }

    @Test
    void manifest_withALargeModel_roundTripsItAndWithoutOneKeepsTheBytesItHad() {
        ReleaseManifest.ObjectRef large = new ReleaseManifest.ObjectRef("mangaassist-dev-artifacts-123456789012",
                "models/llama-3-70b-awq/2b1c0d9e8f7a6b7c6b5a4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a.tar.gz",
                "2b1c0d9e8f7a6b7c6b5a4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a", "pY4dOISwD2cu_r3S3mHl0Idn3pC8Ra8B");
        ReleaseManifest.Artifacts a = MANIFEST.artifacts();
        ReleaseManifest withLarge = new ReleaseManifest(MANIFEST.release(), MANIFEST.environment(), MANIFEST.sourceCommit(),
                MANIFEST.createdAt(), MANIFEST.account(), MANIFEST.region(), MANIFEST.images(),
                new ReleaseManifest.Artifacts(a.lambda(), a.model(), a.lambdaSigning(), large));

        byte[] encoded = codec.encode(withLarge);

        assertThat(codec.decode(encoded).value()).isEqualTo(withLarge);
        assertThat(codec.decode(encoded).value().artifacts().objects()).containsExactly(a.lambda(), a.model(), large);
        // Optional in the schema: a release without one is byte for byte what it was, so its signature still holds.
        assertThat(new String(codec.encode(MANIFEST), StandardCharsets.UTF_8)).isEqualTo(Fixtures.text("release/manifest-v2.json") + "\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"schemaVersion\" : 2|\"schemaVersion\" : 1|unsupported_schema_version|schemaVersion",
        "\"jobId\" : \"5a0e9a3c-7f47-4b3e-9d0c-2f6b8f1e4a21\",|\"jobId\" : \"../etc\",|invalid_field|artifacts.lambdaSigning.jobId",
        "\"lambdaSigning\" :|\"lambdaSignature\" :|invalid_field|artifacts.lambdaSignature",
        "\"digest\" : \"sha256:0d7a1b0e8a4a2c3f5e6d7c8b9a0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7\"|\"digest\" : \"latest\"|invalid_field|images.orchestrator.digest",
        "\"region\" : \"ap-northeast-1\",|\"region\" : \"ap-northeast-1\", \"extra\" : true,|invalid_field|extra",
        "\"sourceCommit\" : \"1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d\",||missing_field|sourceCommit",
        "\"sha256\" : \"8e1d2c3b4a5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9\"|\"sha256\" : \"3f2a\"|invalid_field|artifacts.lambda.sha256"
    })
    void decode_whenAFieldIsWrong_refusesItNamingThePath(String original, String replacement, String code, String field) {
        String broken = Fixtures.text("release/manifest-v2.json").replace(original, replacement == null ? "" : replacement);

        Decoded<ReleaseManifest> decoded = codec.decode(broken.getBytes(StandardCharsets.UTF_8));

        assertThat(decoded.isOk()).isFalse();
        assertThat(decoded.error().code()).isEqualTo(ErrorCode.fromWireName(code));
        assertThat(decoded.error().field()).isEqualTo(field);
    }

    @Test
    void decode_whenTruncated_isMalformed() {
        String golden = Fixtures.text("release/manifest-v2.json");

        Decoded<ReleaseManifest> decoded = codec.decode(golden.substring(0, golden.length() / 2).getBytes(StandardCharsets.UTF_8));

        assertThat(decoded.error().code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    }
}
