package com.mangaassist.release.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What changed between two CycloneDX SBOMs: components added, removed, or present in both at
 * another version. A component is identified by its package URL without version and qualifiers
 * other than {@code arch} ({@code pkg:maven/org.slf4j/slf4j-api}, {@code pkg:deb/debian/libc6?arch=amd64}),
 * or by {@code group:name} where it has no purl, so a version bump reads as a change, not as a
 * removal plus an addition.
 */
public record SbomDiff(List<Component> added, List<Component> removed, List<Change> changed) {

    public record Component(String id, String version) {
    }

    public record Change(String id, String from, String to) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public SbomDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    public static SbomDiff between(JsonNode previous, JsonNode current) {
        Map<String, String> before = versions(previous);
        Map<String, String> after = versions(current);
        List<Component> added = new ArrayList<>();
        List<Component> removed = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        after.forEach((id, version) -> {
            String old = before.get(id);
            if (old == null) {
                added.add(new Component(id, version));
            } else if (!old.equals(version)) {
                changed.add(new Change(id, old, version));
            }
        });
        before.forEach((id, version) -> {
            if (!after.containsKey(id)) {
                removed.add(new Component(id, version));
            }
        });
        return new SbomDiff(added, removed, changed);
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    /** One line per change, aligned, with a count line; what a reviewer reads before approving. */
    public String table() {
        int width = 9;
        for (Component c : added) {
            width = Math.max(width, c.id.length());
        }
        for (Component c : removed) {
            width = Math.max(width, c.id.length());
        }
        for (Change c : changed) {
            width = Math.max(width, c.id.length());
        }
        StringBuilder out = new StringBuilder();
        String row = "%-8s %-" + width + "s %-24s %s%n";
        out.append(String.format(Locale.ROOT, row, "change", "component", "before", "after"));
        changed.forEach(c -> out.append(String.format(Locale.ROOT, row, "changed", c.id, c.from, c.to)));
        added.forEach(c -> out.append(String.format(Locale.ROOT, row, "added", c.id, "", c.version)));
        removed.forEach(c -> out.append(String.format(Locale.ROOT, row, "removed", c.id, c.version, "")));
        out.append(String.format(Locale.ROOT, "%d changed, %d added, %d removed%n", changed.size(), added.size(), removed.size()));
        return out.toString();
    }

    public byte[] json() {
        ObjectNode root = JSON.createObjectNode();
        added.forEach(c -> root.withArray("added").addObject().put("component", c.id).put("version", c.version));
        removed.forEach(c -> root.withArray("removed").addObject().put("component", c.id).put("version", c.version));
        changed.forEach(c -> root.withArray("changed").addObject().put("component", c.id).put("from", c.from).put("to", c.to));
        for (String field : List.of("added", "removed", "changed")) {
            root.withArray(field);
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> versions(JsonNode bom) {
        Map<String, String> versions = new TreeMap<>();
        collect(bom.path("components"), versions);
        return versions;
    }

    private static void collect(JsonNode components, Map<String, String> versions) {
        for (JsonNode component : components) {
            String id = identity(component);
            if (id != null) {
                versions.put(id, component.path("version").asText(""));
            }
            collect(component.path("components"), versions);
        }
    }

    static String identity(JsonNode component) {
        String purl = component.path("purl").asText("");
        if (purl.startsWith("pkg:")) {
            int at = purl.indexOf('@');
            int query = purl.indexOf('?');
            String base = purl.substring(0, at >= 0 ? at : query >= 0 ? query : purl.length());
            String arch = null;
            if (query >= 0) {
                for (String qualifier : purl.substring(query + 1).split("&")) {
                    if (qualifier.startsWith("arch=")) {
                        arch = qualifier;
                    }
                }
            }
            return arch == null ? base : base + "?" + arch;
        }
        String name = component.path("name").asText("");
        if (name.isEmpty()) {
            return null;
        }
        String group = component.path("group").asText("");
        return group.isEmpty() ? component.path("type").asText("component") + ":" + name : group + ":" + name;
    }
}
