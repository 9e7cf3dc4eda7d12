package com.mangaassist.releasecontract.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.releasecontract.SignedReleaseManifest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** What the CDK app asks of a release manifest file: signed by the trusted key, of the manifest payload type, unedited. */
class SignedReleaseManifestTest {

    private static final byte[] MANIFEST = "{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8);
    private final KeyPair trusted = generate();

    @Test
    void read_whenSignedByTheTrustedKey_isVerifiedWithTheManifestBytes() {
        byte[] envelope = Dsse.envelope(SignedReleaseManifest.PAYLOAD_TYPE, MANIFEST, pae -> sign(trusted, pae));

        assertThat(SignedReleaseManifest.read(envelope, trusted.getPublic())).isInstanceOfSatisfying(SignedReleaseManifest.Verified.class,
                verified -> assertThat(verified.manifestBytes()).isEqualTo(MANIFEST));
    }

    @Test
    void read_whenAPlainManifest_isUnsigned() {
        assertThat(SignedReleaseManifest.read(MANIFEST, trusted.getPublic())).isInstanceOf(SignedReleaseManifest.Unsigned.class);
        assertThat(SignedReleaseManifest.read("not json".getBytes(StandardCharsets.UTF_8), trusted.getPublic()))
                .isInstanceOf(SignedReleaseManifest.Unsigned.class);
    }

    @Test
    void read_whenAnotherKeyAnotherTypeOrAnEditedPayload_isNotVerified() {
        byte[] otherKey = Dsse.envelope(SignedReleaseManifest.PAYLOAD_TYPE, MANIFEST, pae -> sign(generate(), pae));
        byte[] otherType = Dsse.envelope(Dsse.IN_TOTO, MANIFEST, pae -> sign(trusted, pae));
        String edited = new String(Dsse.envelope(SignedReleaseManifest.PAYLOAD_TYPE, MANIFEST, pae -> sign(trusted, pae)), StandardCharsets.UTF_8)
                .replace(Base64.getEncoder().encodeToString(MANIFEST), Base64.getEncoder().encodeToString("{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8)));

        assertThat(SignedReleaseManifest.read(otherKey, trusted.getPublic())).isInstanceOf(SignedReleaseManifest.NotVerified.class);
        assertThat(SignedReleaseManifest.read(otherType, trusted.getPublic())).isInstanceOf(SignedReleaseManifest.NotVerified.class);
        assertThat(SignedReleaseManifest.read(edited.getBytes(StandardCharsets.UTF_8), trusted.getPublic()))
                .isInstanceOf(SignedReleaseManifest.NotVerified.class);
    }

    @Test
    void publicKeyFromPem_whenNotAPemBlock_refuses() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EcdsaSignatures.publicKeyFromPem("ssh-ed25519 AAAA"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PUBLIC KEY PEM block");
    }

    private static KeyPair generate() {
        return EcdsaSignatures.generateP256();
    }

    private static byte[] sign(KeyPair key, byte[] data) {
        return EcdsaSignatures.sign(key.getPrivate(), data);
    }
}
