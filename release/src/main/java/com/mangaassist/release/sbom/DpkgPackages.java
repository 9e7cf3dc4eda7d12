package com.mangaassist.release.sbom;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Debian packages a dpkg database records: {@code /var/lib/dpkg/status} (a package counts when its
 * {@code Status} leaves its files on disk: installed, unpacked, half-configured, triggers-pending…), and the per-package files distroless-style images
 * keep in {@code /var/lib/dpkg/status.d/} (one stanza each, usually without a {@code Status}).
 * Stanzas are RFC 822-like: {@code Field: value}, continuation lines start with a space.
 */
public final class DpkgPackages {

    /** One installed package; {@code source} is the source package when it differs from the binary's name. */
    public record DebPackage(String name, String version, String architecture, String source) {
    }

    private DpkgPackages() {
    }

    /** @param requireInstalledStatus true for {@code status} itself, false for {@code status.d} stanzas */
    public static List<DebPackage> parse(byte[] text, boolean requireInstalledStatus) {
        List<DebPackage> packages = new ArrayList<>();
        for (String stanza : new String(text, StandardCharsets.UTF_8).replace("\r\n", "\n").split("\n\\s*\n")) {
            Map<String, String> fields = fields(stanza);
            String name = fields.get("Package");
            String version = fields.get("Version");
            if (name == null || version == null) {
                continue;
            }
            String status = fields.get("Status");
            if (status == null ? requireInstalledStatus : !onDisk(status)) {
                continue; // not installed, or only its configuration files are left
            }
            String source = fields.get("Source");
            if (source != null) {
                source = source.split(" ", 2)[0]; // "glibc (2.36-9)" names the source's own version
            }
            packages.add(new DebPackage(name, version, fields.getOrDefault("Architecture", "all"), source));
        }
        return packages;
    }

    /** "want flag state": every state but not-installed and config-files leaves the package's files in the image. */
    private static boolean onDisk(String status) {
        String[] words = status.split("\\s+");
        String state = words[words.length - 1];
        return !state.equals("not-installed") && !state.equals("config-files");
    }

    private static Map<String, String> fields(String stanza) {
        Map<String, String> fields = new LinkedHashMap<>();
        String last = null;
        for (String line : stanza.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
                continue; // a continuation (Description, Conffiles): no field we read spans lines
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                last = line.substring(0, colon);
                fields.put(last, line.substring(colon + 1).strip());
            }
        }
        return fields;
    }
}
