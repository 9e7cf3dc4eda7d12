package com.mangaassist.release.cli;

import com.mangaassist.release.evidence.Waiver;
import com.mangaassist.release.signing.PemKeySigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code release waive}: a signed, expiring exception for one finding id or one denied component. */
@Command(name = "waive", mixinStandardHelpOptions = true, description = "Signs a waiver for one finding or denied component, with an expiry.")
final class WaiveCommand implements Callable<Integer> {

    @Option(names = "--waives", required = true, description = "a finding id (CVE-2024-1234) or a denied component (group:name@version)")
    String waives;

    @Option(names = "--env", required = true, description = "the one environment the waiver counts in")
    String environment;

    @Option(names = "--reason", required = true, description = "why the risk is accepted")
    String reason;

    @Option(names = "--approver", required = true, description = "who accepts it")
    String approver;

    @Option(names = "--expires", required = true, description = "when the waiver stops counting: an instant (2027-01-31T00:00:00Z) or a date (UTC midnight)")
    String expires;

    @Option(names = "--key", required = true, description = "the waiver key pair prefix")
    Path key;

    @Option(names = "--out", required = true, description = "where the signed waiver goes")
    Path out;

    @Override
    public Integer call() throws Exception {
        Instant now = Instant.now();
        Instant until = parse(expires);
        if (!until.isAfter(now)) {
            throw new IllegalArgumentException("--expires " + expires + " is not in the future: a waiver that has already expired waives nothing");
        }
        Waiver waiver = new Waiver(waives, environment, reason, approver, now, until);
        if (waiver.tooLong()) {
            throw new IllegalArgumentException("--expires " + expires + " is more than " + Waiver.MAX_LIFETIME.toDays() + " days away: decide again then");
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, waiver.sign(PemKeySigner.read(key)));
        System.out.println("waiver for " + waives + " in " + environment + " until " + until + " (" + out + ")");
        return 0;
    }

    private static Instant parse(String text) {
        try {
            return text.contains("T") ? Instant.parse(text) : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--expires " + text + " is neither an instant (2027-01-31T00:00:00Z) nor a date (2027-01-31)", e);
        }
    }
}
