package com.mangaassist.release.promotion;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A policy of component versions that must not ship, checked against an image's CycloneDX SBOM:
 * rules like {@code org.apache.logging.log4j:log4j-core<2.17.1} (group:name, then {@code <} or
 * {@code =} and a version, or nothing for every version — what {@code release affected} asks). The default denies the Log4Shell range, the seeds' example. Versions
 * compare numerically segment by segment ("2.9" < "2.17.1"); a qualifier after a dash sorts before
 * the release it qualifies.
 */
public final class DeniedComponents {

    private static final Pattern RULE = Pattern.compile("([^:<=\\s]+):([^:<=\\s]+)(?:\\s*([<=])\\s*(\\S+))?");
    public static final String LOG4SHELL = "org.apache.logging.log4j:log4j-core<2.17.1";

    /** {@code version} null: every version of the component. */
    private record Rule(String group, String name, boolean below, String version, String text) {
        boolean matches(String componentVersion) {
            return version == null || (below ? compare(componentVersion, version) < 0 : componentVersion.equals(version));
        }
    }

    private final List<Rule> rules;

    private DeniedComponents(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static DeniedComponents of(List<String> rules) {
        List<Rule> parsed = new ArrayList<>();
        for (String rule : rules) {
            Matcher m = RULE.matcher(rule.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("not a component rule (group:name, group:name<version or group:name=version): " + rule);
            }
            parsed.add(new Rule(m.group(1), m.group(2), "<".equals(m.group(3)), m.group(4), rule.strip()));
        }
        return new DeniedComponents(parsed);
    }

    /** A component a rule denies: {@code component} is {@code group:name@version}, what a waiver names. */
    public record Violation(String component, String rule) {
        public String describe() {
            return component + " (" + rule + ")";
        }
    }

    /** Each component of {@code bom} (CycloneDX JSON) a rule denies, as "group:name@version (rule)". */
    public List<String> violations(JsonNode bom) {
        return violationsOf(bom).stream().map(Violation::describe).toList();
    }

    public List<Violation> violationsOf(JsonNode bom) {
        List<Violation> found = new ArrayList<>();
        collect(bom.path("components"), found);
        return found;
    }

    private void collect(JsonNode components, List<Violation> found) {
        for (JsonNode component : components) {
            String group = component.path("group").asText();
            String name = component.path("name").asText();
            String version = component.path("version").asText();
            for (Rule rule : rules) {
                if (rule.group.equals(group) && rule.name.equals(name) && rule.matches(version)) {
                    found.add(new Violation(group + ":" + name + "@" + version, rule.text));
                }
            }
            collect(component.path("components"), found);
        }
    }

    static int compare(String a, String b) {
        String[] left = a.split("-", 2);
        String[] right = b.split("-", 2);
        String[] x = left[0].split("\\.");
        String[] y = right[0].split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? number(x[i]) : 0;
            long q = i < y.length ? number(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        if (left.length != right.length) {
            return left.length > right.length ? -1 : 1; // 2.17.1-rc1 < 2.17.1
        }
        return left.length == 1 ? 0 : left[1].compareTo(right[1]);
    }

    private static long number(String segment) {
        String digits = segment.replaceAll("[^0-9].*$", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }
}
