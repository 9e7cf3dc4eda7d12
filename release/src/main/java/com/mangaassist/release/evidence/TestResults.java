package com.mangaassist.release.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The eval evidence of a commit: every test the reactor ran (surefire's and failsafe's JUnit XML
 * reports, which include the integration and fault suites), as an in-toto test-result predicate
 * (v0.1: {@code result}, {@code configuration}, {@code passedTests}, {@code failedTests}) bound to
 * the source commit, so the gate can tell "these images come from a commit whose tests passed".
 */
public record TestResults(String commit, List<String> passed, List<String> failed, List<String> skipped, String reportsSha256) {

    public static final String PREDICATE_TYPE = "https://in-toto.io/attestation/test-result/v0.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    public TestResults {
        passed = List.copyOf(passed);
        failed = List.copyOf(failed);
        skipped = List.copyOf(skipped);
    }

    /** Reads every {@code TEST-*.xml} under any {@code surefire-reports} or {@code failsafe-reports} directory below {@code root}. */
    public static TestResults collect(Path root, String commit) {
        TreeSet<String> passed = new TreeSet<>();
        TreeSet<String> failed = new TreeSet<>();
        TreeSet<String> skipped = new TreeSet<>();
        MessageDigest digest = sha256();
        List<Path> reports;
        try (Stream<Path> files = Files.walk(root, 6)) {
            reports = files.filter(TestResults::isReport).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (reports.isEmpty()) {
            throw new IllegalStateException("no JUnit reports (surefire-reports/ or failsafe-reports/TEST-*.xml) under " + root
                    + ": run the tests (mvn -B -ntp verify) before signing; no eval evidence, no signature");
        }
        DocumentBuilder xml = parser();
        for (Path report : reports) {
            try (InputStream in = Files.newInputStream(report)) {
                byte[] bytes = in.readAllBytes();
                digest.update(root.relativize(report).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update(bytes);
                read(xml.parse(new java.io.ByteArrayInputStream(bytes)), passed, failed, skipped);
            } catch (IOException | SAXException e) {
                throw new IllegalArgumentException("test report " + report + " is not JUnit XML: " + e.getMessage(), e);
            }
        }
        return new TestResults(commit, new ArrayList<>(passed), new ArrayList<>(failed), new ArrayList<>(skipped),
                HexFormat.of().formatHex(digest.digest()));
    }

    private static boolean isReport(Path path) {
        String name = path.getFileName().toString();
        String parent = path.getParent() == null ? "" : path.getParent().getFileName().toString();
        return name.startsWith("TEST-") && name.endsWith(".xml") && (parent.equals("surefire-reports") || parent.equals("failsafe-reports"));
    }

    private static void read(Document document, TreeSet<String> passed, TreeSet<String> failed, TreeSet<String> skipped) {
        NodeList cases = document.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element testcase = (Element) cases.item(i);
            String name = testcase.getAttribute("classname") + "#" + testcase.getAttribute("name");
            if (testcase.getElementsByTagName("failure").getLength() > 0 || testcase.getElementsByTagName("error").getLength() > 0) {
                failed.add(name);
            } else if (testcase.getElementsByTagName("skipped").getLength() > 0) {
                skipped.add(name);
            } else {
                passed.add(name);
            }
        }
    }

    public String result() {
        return failed.isEmpty() && !passed.isEmpty() ? "PASSED" : "FAILED";
    }

    public byte[] statement(String reference, String digestOrSha256) {
        ObjectNode statement = JSON.createObjectNode().put("_type", "https://in-toto.io/Statement/v1");
        String hex = digestOrSha256.startsWith("sha256:") ? digestOrSha256.substring(7) : digestOrSha256;
        statement.putArray("subject").addObject().put("name", reference).putObject("digest").put("sha256", hex);
        statement.put("predicateType", PREDICATE_TYPE);
        ObjectNode predicate = statement.putObject("predicate").put("result", result());
        ArrayNode configuration = predicate.putArray("configuration");
        configuration.addObject().put("name", "source").putObject("digest").put("gitCommit", commit);
        configuration.addObject().put("name", "junit-reports").putObject("digest").put("sha256", reportsSha256);
        passed.forEach(predicate.putArray("passedTests")::add);
        failed.forEach(predicate.putArray("failedTests")::add);
        predicate.putArray("warnedTests");
        skipped.forEach(predicate.putArray("skippedTests")::add); // beyond v0.1's fields; consumers ignore what they do not know
        try {
            return JSON.writeValueAsBytes(statement);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What is wrong with {@code statement} as the eval evidence of a release built from {@code commit};
     * {@code requiredPrefixes}: test names (class prefixes) that must be among the passed ones.
     */
    public static List<String> problems(JsonNode statement, String commit, List<String> requiredPrefixes) {
        List<String> problems = new ArrayList<>();
        JsonNode predicate = statement.path("predicate");
        boolean forCommit = false;
        for (JsonNode resource : predicate.path("configuration")) {
            forCommit |= commit.equals(resource.path("digest").path("gitCommit").asText());
        }
        if (!forCommit) {
            problems.add("test results are for another commit than the release's " + commit);
        }
        if (!"PASSED".equals(predicate.path("result").asText())) {
            List<String> failed = new ArrayList<>();
            predicate.path("failedTests").forEach(t -> failed.add(t.asText()));
            problems.add("test results say " + predicate.path("result").asText("nothing") + (failed.isEmpty() ? "" : " (" + failed.size()
                    + " failed, first " + failed.get(0) + ")"));
        }
        for (String prefix : requiredPrefixes) {
            boolean ran = false;
            for (JsonNode test : predicate.path("passedTests")) {
                ran |= test.asText().startsWith(prefix);
            }
            if (!ran) {
                problems.add("test results hold no passed test of " + prefix + " (required by the policy)");
            }
        }
        return problems;
    }

    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true); // reports never need a DTD; no XXE
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
