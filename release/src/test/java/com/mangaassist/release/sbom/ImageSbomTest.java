package com.mangaassist.release.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The whole-image SBOM: the module's Java components, the image's own Debian packages, its OS and runtime, bound to the digest. */
class ImageSbomTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final byte[] JAVA_BOM = ("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"metadata\":{\"component\":{\"type\":\"library\","
            + "\"bom-ref\":\"pkg:maven/com.mangaassist/fargate-orchestrator@0.1.0\",\"group\":\"com.mangaassist\",\"name\":\"fargate-orchestrator\","
            + "\"version\":\"0.1.0\",\"purl\":\"pkg:maven/com.mangaassist/fargate-orchestrator@0.1.0\"}},\"components\":[{\"type\":\"library\","
            + "\"bom-ref\":\"pkg:maven/org.slf4j/slf4j-api@2.0.16\",\"group\":\"org.slf4j\",\"name\":\"slf4j-api\",\"version\":\"2.0.16\","
            + "\"purl\":\"pkg:maven/org.slf4j/slf4j-api@2.0.16\"}],\"dependencies\":[{\"ref\":\"pkg:maven/org.slf4j/slf4j-api@2.0.16\","
            + "\"dependsOn\":[]},{\"ref\":\"pkg:maven/gone/gone@1\",\"dependsOn\":[]}]}").getBytes(StandardCharsets.UTF_8);

    @Test
    void of_whenTheImageHoldsADpkgDatabase_listsJavaAndOsPackagesUnderTheImageDigest() throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        Map<String, String> links = new TreeMap<>();
        ImageContents.replay(ImageContentsTest.layer(Map.of("var/lib/dpkg/status", ImageContentsTest.resource("dpkg-status"),
                "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n".getBytes(StandardCharsets.UTF_8),
                "opt/java/release", "JAVA_VERSION=\"17.0.15\"\n".getBytes(StandardCharsets.UTF_8))), files, links);

        JsonNode bom = new ObjectMapper().readTree(ImageSbom.of("127.0.0.1:5000/mangaassist-dev-orchestrator", DIGEST, JAVA_BOM,
                ImageContents.finish(files, links)));

        assertThat(bom.path("specVersion").asText()).isEqualTo("1.6");
        assertThat(bom.path("metadata").path("component").path("type").asText()).isEqualTo("container");
        assertThat(bom.path("metadata").path("component").path("version").asText()).isEqualTo(DIGEST);
        List<String> purls = new ArrayList<>();
        bom.path("components").forEach(c -> purls.add(c.path("purl").asText(c.path("type").asText() + ":" + c.path("name").asText())));
        assertThat(purls).containsExactly("pkg:maven/com.mangaassist/fargate-orchestrator@0.1.0", "pkg:maven/org.slf4j/slf4j-api@2.0.16",
                "operating-system:debian", "pkg:deb/debian/libc6@2.36-9%2Bdeb12u9?arch=amd64&distro=debian-12",
                "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12", "platform:java-runtime");
        assertThat(bom.path("dependencies")).hasSize(1); // a dependency whose component is not listed is dropped, not left dangling
    }

    @Test
    void of_whenTheJavaSbomIsNotCycloneDx_refuses() {
        assertThatThrownBy(() -> ImageSbom.of("r/x", DIGEST, "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8), ImageContents.of(Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a CycloneDX");
    }
}
