package com.mangaassist.release.promotion;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.release.signing.PemKeySigner;
import com.mangaassist.release.signing.PemKeys;
import com.mangaassist.releasecontract.ReleaseManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The promotion ledger refuses an edited or deleted line; a key pair whose halves do not match is refused. */
class LedgerAndKeysTest extends SupplyChainFixture {

    @Test
    void entries_whenALineWasDeleted_refusesTheLedgerNamingTheLine() throws Exception {
        Path file = dir.resolve("ledger.jsonl");
        ReleaseLedger ledger = new ReleaseLedger(file);
        ReleaseManifest release = pushRelease("20261201T100000Z-0123456", COMMIT);
        ledger.promoted(release, "dev", Instant.now(), signer);
        ledger.revoked(release.release(), "CVE in a dependency", Instant.now(), signer);
        ledger.promoted(release, "dev", Instant.now(), signer);
        List<String> lines = Files.readAllLines(file);
        Files.write(file, List.of(lines.get(0), lines.get(2))); // the revocation, quietly removed

        assertThatThrownBy(() -> ledger.entries(signer.publicKey())).isInstanceOf(ReleaseLedger.LedgerException.class)
                .hasMessageContaining("line 2").hasMessageContaining("does not follow the line before it");
    }

    @Test
    void read_whenThePublicKeyFileIsNotThePrivateKeysHalf_refuses() {
        Path prefix = dir.resolve("mine");
        PemKeys.write(PemKeys.generate(), prefix);
        PemKeys.write(PemKeys.generate(), dir.resolve("theirs"));
        try {
            Files.copy(dir.resolve("theirs.pub"), dir.resolve("mine.pub"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        assertThatThrownBy(() -> PemKeySigner.read(prefix)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mine.pub is not the public half of");
    }

    @Test
    void entries_whenALineWasEdited_refusesTheLedgerNamingTheLine() throws Exception {
        Path file = dir.resolve("ledger.jsonl");
        ReleaseLedger ledger = new ReleaseLedger(file);
        ReleaseManifest release = pushRelease("20261201T100000Z-0123456", COMMIT);
        ledger.promoted(release, "dev", Instant.now(), signer);
        ledger.revoked(release.release(), "mistake", Instant.now(), signer);
        Files.writeString(file, Files.readString(file).replace("mistake", "nothing"));

        assertThatThrownBy(() -> ledger.entries(signer.publicKey())).isInstanceOf(ReleaseLedger.LedgerException.class)
                .hasMessageContaining("line 2").hasMessageContaining("not signed by the trusted key");
    }
}
