package com.mangaassist.release.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.release.promotion.TrustedKeys;
import com.mangaassist.release.signing.PemKeys;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command's keys: exactly one release key, the promotion key falling back to it, and each read only when the command needs it. */
class ReleaseKeysTest {

    @TempDir
    Path dir;

    private Path keyPair(String name) {
        Path prefix = dir.resolve(name);
        PemKeys.write(PemKeys.generate(), prefix);
        return prefix;
    }

    @Test
    void release_whenNoneOrBothKeysAreNamed_refusesNamingTheOptions() {
        String refusal = "name the release key with exactly one of --key <prefix> or --kms-key <key id>";

        assertThatThrownBy(() -> new ReleaseKeys(null, null, null, null, null, null).release()).hasMessage(refusal);
        assertThatThrownBy(() -> new ReleaseKeys(keyPair("release"), "alias/release", null, null, null, null).release()).hasMessage(refusal);
    }

    @Test
    void keys_whenOnlyTheReleaseKeyIsNamed_itPlaysEveryRoleAndIsReadOnce() {
        Path release = keyPair("release");
        ReleaseKeys keys = new ReleaseKeys(release, null, null, null, null, null);

        assertThat(keys.promotion()).isSameAs(keys.release());
        assertThat(keys.trusted()).isEqualTo(TrustedKeys.single(keys.release().publicKey()));
        assertThat(keys.deployKeyHint()).isEqualTo(release + ".pub");
    }

    @Test
    void promotion_whenAPromotionKeyIsNamed_neverNeedsTheReleaseKey() {
        Path promotion = keyPair("promotion");
        ReleaseKeys keys = new ReleaseKeys(null, null, null, promotion, null, null);

        assertThat(keys.promotion().publicKey()).isEqualTo(PemKeys.readPublic(dir.resolve("promotion.pub")));
        assertThat(keys.deployKeyHint()).isEqualTo(promotion + ".pub");
    }

    @Test
    void trusted_namesEachRolesOwnKeyWhereOneIsGiven() {
        keyPair("waiver");
        keyPair("approver");
        ReleaseKeys keys = new ReleaseKeys(keyPair("release"), null, null, keyPair("promotion"), dir.resolve("waiver.pub"), dir.resolve("approver.pub"));

        TrustedKeys trusted = keys.trusted();

        assertThat(trusted.release()).isEqualTo(keys.release().publicKey());
        assertThat(trusted.promotion()).isEqualTo(keys.promotion().publicKey()).isNotEqualTo(trusted.release());
        assertThat(trusted.waiver()).isEqualTo(PemKeys.readPublic(dir.resolve("waiver.pub")));
        assertThat(trusted.approver()).isEqualTo(PemKeys.readPublic(dir.resolve("approver.pub")));
    }

    @Test
    void deployKeyHint_forAKmsReleaseKey_saysHowToGetItsPublicKey() {
        assertThat(new ReleaseKeys(null, "alias/mangaassist-release", null, null, null, null).deployKeyHint())
                .isEqualTo("<the PEM of aws kms get-public-key --key-id alias/mangaassist-release>");
    }
}
