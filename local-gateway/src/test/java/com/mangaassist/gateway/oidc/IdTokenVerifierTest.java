package com.mangaassist.gateway.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The gateway's ID token checks, one refusal at a time, against tokens made here. */
class IdTokenVerifierTest {

    private static final String ISSUER = "http://127.0.0.1:9999";
    private static final String CLIENT = "mangaassist-local-chat";
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final KeyPair KEY = rsa();
    private static final KeyPair OTHER_KEY = rsa();
    private static final String KID = RsaJwk.thumbprint((RSAPublicKey) KEY.getPublic());

    private final IdTokenVerifier verifier = new IdTokenVerifier(ISSUER, CLIENT, kid -> Optional.ofNullable(Map.of(KID, KEY.getPublic()).get(kid)),
            Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(30));

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode header() {
        return Jwt.JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT").put("kid", KID);
    }

    private static ObjectNode claims() {
        return Jwt.JSON.createObjectNode().put("iss", ISSUER).put("sub", "alice").put("aud", CLIENT).put("iat", NOW.getEpochSecond() - 10)
                .put("exp", NOW.getEpochSecond() + 300).put("nonce", "n-1");
    }

    private static String signed(ObjectNode claims) {
        return Jwt.sign(header(), claims, KEY.getPrivate());
    }

    private static String part(ObjectNode json) {
        return Jwt.base64Url(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void assertRefused(String token, String reason) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class).hasMessage(reason);
        assertThat(verifier.principal(token)).isEmpty();
    }

    @Test
    void validToken_givesItsSubject() throws Exception {
        assertThat(verifier.verify(signed(claims()))).isEqualTo("alice");
    }

    @Test
    void audienceList_holdingTheClient_isAccepted_andWithoutIt_refused() throws Exception {
        ObjectNode both = claims();
        both.putArray("aud").add("another-client").add(CLIENT);
        ObjectNode neither = claims();
        neither.putArray("aud").add("another-client");

        assertThat(verifier.verify(signed(both))).isEqualTo("alice");
        assertRefused(signed(neither), "wrong audience");
    }

    @Test
    void expiredToken_isRefusedFromTheSecondAfterItsExpiry_asTheAuthorizerRefusesIt() throws Exception {
        assertRefused(signed(claims().put("exp", NOW.getEpochSecond() - 1)), "expired");
        assertRefused(signed(claims().put("exp", NOW.getEpochSecond() - 3600)), "expired");
        assertThat(verifier.verify(signed(claims().put("exp", NOW.getEpochSecond())))).isEqualTo("alice");
    }

    @Test
    void tokenWithoutANumericExpiry_isRefused() {
        ObjectNode noExpiry = claims();
        noExpiry.remove("exp");

        assertRefused(signed(noExpiry), "no expiry");
        assertRefused(signed(claims().put("exp", "tomorrow")), "no expiry");
    }

    @Test
    void tokenNotYetValid_isRefused() {
        assertRefused(signed(claims().put("nbf", NOW.getEpochSecond() + 120)), "not yet valid");
        assertRefused(signed(claims().put("iat", NOW.getEpochSecond() + 120)), "not yet valid");
    }

    @Test
    void wrongAudience_isRefused() {
        assertRefused(signed(claims().put("aud", "another-client")), "wrong audience");
        ObjectNode none = claims();
        none.remove("aud");
        assertRefused(signed(none), "wrong audience");
        assertRefused(signed(claims().put("azp", "another-client")), "wrong authorized party");
    }

    @Test
    void wrongIssuer_isRefused() {
        assertRefused(signed(claims().put("iss", "http://127.0.0.1:9998")), "wrong issuer");
        assertRefused(signed(claims().put("iss", ISSUER + "/")), "wrong issuer");
    }

    @Test
    void badSignature_isRefused() {
        String good = signed(claims());
        String[] parts = good.split("\\.");
        // The claims changed after signing.
        assertRefused(parts[0] + "." + part(claims().put("sub", "bob")) + "." + parts[2], "bad signature");
        // Signed by another key under this issuer's key id.
        assertRefused(Jwt.sign(header(), claims(), OTHER_KEY.getPrivate()), "bad signature");
        // No signature at all.
        assertRefused(parts[0] + "." + parts[1] + ".", "bad signature");
    }

    @Test
    void algNone_isRefused() {
        ObjectNode none = Jwt.JSON.createObjectNode().put("alg", "none").put("kid", KID);

        assertRefused(part(none) + "." + part(claims()) + ".", "unsupported alg");
        ObjectNode noAlg = Jwt.JSON.createObjectNode().put("kid", KID);
        assertRefused(part(noAlg) + "." + part(claims()) + ".", "unsupported alg");
    }

    @Test
    void hmacTokenKeyedWithThePublicKey_isRefused() throws Exception {
        // The classic confusion: HS256 "signed" with the RSA public key's bytes as the secret.
        String input = part(Jwt.JSON.createObjectNode().put("alg", "HS256").put("kid", KID)) + "." + part(claims());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getPublic().getEncoded(), "HmacSHA256"));

        assertRefused(input + "." + Jwt.base64Url(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII))), "unsupported alg");
    }

    @Test
    void unknownOrMissingKeyId_isRefused() {
        assertRefused(Jwt.sign(header().put("kid", "someone-elses"), claims(), KEY.getPrivate()), "unknown key");
        ObjectNode noKid = header();
        noKid.remove("kid");
        assertRefused(Jwt.sign(noKid, claims(), KEY.getPrivate()), "no key id");
    }

    @Test
    void criticalHeader_isRefused() {
        ObjectNode crit = header();
        crit.putArray("crit").add("exp");
        assertRefused(Jwt.sign(crit, claims(), KEY.getPrivate()), "unsupported critical header");
    }

    @Test
    void subjectThatIsNoPrincipal_isRefused() {
        assertRefused(signed(claims().put("sub", "al\u0000ice")), "no valid subject");
        assertRefused(signed(claims().put("sub", "")), "no valid subject");
        ObjectNode noSubject = claims();
        noSubject.remove("sub");
        assertRefused(signed(noSubject), "no valid subject");
    }

    @Test
    void malformedTokens_areRefused() {
        assertRefused(null, "no token");
        assertRefused("", "no token");
        assertRefused("dev-alice", "malformed token");
        assertRefused("a.b", "malformed token");
        assertRefused("a.b.c.d", "malformed token");
        assertRefused("%%%." + part(claims()) + ".x", "malformed header");
        assertRefused(Jwt.base64Url("not json".getBytes(StandardCharsets.UTF_8)) + "." + part(claims()) + ".x", "malformed header");
        assertRefused(part(header()) + "." + Jwt.base64Url("[1]".getBytes(StandardCharsets.UTF_8)) + ".x", "malformed claims");
        assertRefused("x".repeat(Jwt.MAX_CHARS + 1), "token too long");
    }

    @Test
    void duplicatedClaim_isRefusedUnread() {
        // Two readers could take either "sub": such a token is refused before its signature matters.
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"alice\",\"sub\":\"bob\",\"aud\":\"" + CLIENT + "\",\"exp\":" + (NOW.getEpochSecond() + 60) + "}";
        assertRefused(part(header()) + "." + Jwt.base64Url(claims.getBytes(StandardCharsets.UTF_8)) + ".x", "malformed claims");
    }
}
