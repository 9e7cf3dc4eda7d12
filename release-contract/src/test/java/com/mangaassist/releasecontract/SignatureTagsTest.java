package com.mangaassist.releasecontract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignatureTagsTest {

    @ParameterizedTest
    @CsvSource({
        "sha256-0d7a1b0e8a4a2c3f5e6d7c8b9a0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7.sig, true",
        "sha256-0d7a1b0e8a4a2c3f5e6d7c8b9a0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7.att, true",
        "sha256-0d7a.sbom, false",
        "20261202T101500Z-1a2b3c4, false",
        "latest, false",
        "x.sig, false",
        "sha256-.sig, true"
    })
    void mutable_whenATagIsCosignsSignatureOrAttestationTag_isTheOnlyMutableOne(String tag, boolean mutable) {
        assertThat(SignatureTags.mutable(tag)).isEqualTo(mutable);
    }

    @ParameterizedTest
    @CsvSource({"a*c, abc, true", "a*c, ac, true", "a*c, abd, false", "*.sig, x.sig, true", "sha256-*, sha256-, true", "a.c, abc, false"})
    void wildcardMatches_whenPatternHasStars_matchesAnyRunAndEverythingElseLiterally(String pattern, String tag, boolean matches) {
        assertThat(SignatureTags.wildcardMatches(pattern, tag)).isEqualTo(matches);
    }

    @org.junit.jupiter.api.Test
    void tagFor_whenGivenADigest_isCosignsTag() {
        assertThat(SignatureTags.tagFor("sha256:abc", SignatureTags.ATTESTATION_SUFFIX)).isEqualTo("sha256-abc.att");
    }
}
