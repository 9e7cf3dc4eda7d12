package com.mangaassist.release.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The CycloneDX 1.6 SBOM of a whole image, bound to its digest: the Java dependencies the Maven
 * plugin recorded for the module the image runs, the Debian packages the image's own dpkg database
 * lists (read from its layers, not from its Dockerfile), the operating system, and the jlink'd Java
 * runtime. The image itself is {@code metadata.component} (type {@code container}, version = digest),
 * so a consumer can tell which artifact the list describes.
 */
public final class ImageSbom {

    public static final String SPEC_VERSION = "1.6";
    static final String SOURCE_PROPERTY = "mangaassist:sbom:source";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageSbom() {
    }

    /**
     * @param repository the image's repository with its registry host
     * @param digest     {@code sha256:<hex>} of the image manifest
     * @param javaBom    the module's CycloneDX JSON ({@code target/bom.json})
     */
    public static byte[] of(String repository, String digest, byte[] javaBom, ImageContents contents) {
        JsonNode maven = tree(javaBom);
        if (!"CycloneDX".equals(maven.path("bomFormat").asText())) {
            throw new IllegalArgumentException("the Java SBOM is not a CycloneDX JSON document");
        }
        ObjectNode bom = JSON.createObjectNode().put("bomFormat", "CycloneDX").put("specVersion", SPEC_VERSION)
                .put("serialNumber", "urn:uuid:" + UUID.nameUUIDFromBytes((repository + "@" + digest).getBytes(StandardCharsets.UTF_8)))
                .put("version", 1);
        ObjectNode metadata = bom.putObject("metadata");
        metadata.putArray("tools").addObject().put("vendor", "MangaAssist").put("name", "release");
        String name = repository.substring(repository.lastIndexOf('/') + 1);
        metadata.putObject("component").put("type", "container").put("bom-ref", "image").put("name", repository).put("version", digest)
                .put("purl", "pkg:oci/" + name + "@" + URLEncoder.encode(digest, StandardCharsets.UTF_8) + "?repository_url="
                        + URLEncoder.encode(repository, StandardCharsets.UTF_8));
        ArrayNode components = bom.putArray("components");
        Set<String> refs = new HashSet<>();
        JsonNode application = maven.path("metadata").path("component");
        if (application.isObject()) {
            add(components, refs, ((ObjectNode) application.deepCopy()).put("type", "application"), "maven");
        }
        maven.path("components").forEach(component -> add(components, refs, (ObjectNode) component.deepCopy(), "maven"));

        Map<String, String> os = contents.osRelease();
        String distro = os.containsKey("ID") && os.containsKey("VERSION_ID") ? os.get("ID") + "-" + os.get("VERSION_ID") : null;
        if (!os.isEmpty()) {
            ObjectNode system = JSON.createObjectNode().put("type", "operating-system").put("bom-ref", "os")
                    .put("name", os.getOrDefault("ID", "linux")).put("version", os.getOrDefault("VERSION_ID", ""));
            add(components, refs, system, ImageContents.OS_RELEASE);
        }
        String namespace = os.getOrDefault("ID", "debian"); // a scratch image's packages were copied from the Debian build stage
        for (DpkgPackages.DebPackage deb : contents.debianPackages()) {
            String purl = "pkg:deb/" + namespace + "/" + deb.name() + "@" + URLEncoder.encode(deb.version(), StandardCharsets.UTF_8)
                    + "?arch=" + deb.architecture() + (distro == null ? "" : "&distro=" + distro);
            ObjectNode component = JSON.createObjectNode().put("type", "library").put("bom-ref", purl).put("name", deb.name())
                    .put("version", deb.version()).put("purl", purl);
            if (deb.source() != null && !deb.source().equals(deb.name())) {
                component.putArray("properties").addObject().put("name", "mangaassist:deb:source").put("value", deb.source());
            }
            add(components, refs, component, "/var/lib/dpkg");
        }
        Map<String, String> java = contents.javaRuntime();
        if (java.containsKey("JAVA_VERSION")) {
            ObjectNode runtime = JSON.createObjectNode().put("type", "platform").put("bom-ref", "java-runtime").put("name", "java-runtime")
                    .put("version", java.get("JAVA_VERSION"));
            runtime.put("description", "jlink'd runtime; modules: " + java.getOrDefault("MODULES", "?"));
            add(components, refs, runtime, ImageContents.JAVA_RELEASE);
        }
        JsonNode dependencies = maven.path("dependencies");
        if (dependencies.isArray()) {
            ArrayNode kept = bom.putArray("dependencies");
            dependencies.forEach(dependency -> {
                if (refs.contains(dependency.path("ref").asText())) {
                    kept.add(dependency);
                }
            });
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(bom);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void add(ArrayNode components, Set<String> refs, ObjectNode component, String source) {
        String ref = component.path("bom-ref").asText(component.path("purl").asText(component.path("name").asText()));
        if (!refs.add(ref)) {
            return; // CycloneDX requires unique bom-refs
        }
        ArrayNode properties = component.has("properties") ? (ArrayNode) component.get("properties") : component.putArray("properties");
        properties.addObject().put("name", SOURCE_PROPERTY).put("value", source);
        components.add(component);
    }

    private static JsonNode tree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("the Java SBOM is not JSON: " + e.getMessage(), e);
        }
    }
}
