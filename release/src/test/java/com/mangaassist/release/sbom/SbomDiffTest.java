package com.mangaassist.release.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Added, removed and version-changed components between two SBOMs, as a table and as JSON. */
class SbomDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void between_whenVersionsMoveAndComponentsComeAndGo_reportsEachKindOnce() throws Exception {
        JsonNode before = JSON.readTree("{\"components\":[{\"group\":\"org.slf4j\",\"name\":\"slf4j-api\",\"version\":\"2.0.16\","
                + "\"purl\":\"pkg:maven/org.slf4j/slf4j-api@2.0.16?type=jar\"},{\"name\":\"libc6\",\"version\":\"2.36-9+deb12u8\","
                + "\"purl\":\"pkg:deb/debian/libc6@2.36-9%2Bdeb12u8?arch=amd64&distro=debian-12\"},{\"group\":\"old\",\"name\":\"gone\",\"version\":\"1\"}]}");
        JsonNode after = JSON.readTree("{\"components\":[{\"group\":\"org.slf4j\",\"name\":\"slf4j-api\",\"version\":\"2.0.17\","
                + "\"purl\":\"pkg:maven/org.slf4j/slf4j-api@2.0.17?type=jar\"},{\"name\":\"libc6\",\"version\":\"2.36-9+deb12u9\","
                + "\"purl\":\"pkg:deb/debian/libc6@2.36-9%2Bdeb12u9?arch=amd64&distro=debian-12\"},{\"group\":\"new\",\"name\":\"here\",\"version\":\"3\"}]}");

        SbomDiff diff = SbomDiff.between(before, after);

        assertThat(diff.changed()).containsExactly(new SbomDiff.Change("pkg:deb/debian/libc6?arch=amd64", "2.36-9+deb12u8", "2.36-9+deb12u9"),
                new SbomDiff.Change("pkg:maven/org.slf4j/slf4j-api", "2.0.16", "2.0.17"));
        assertThat(diff.added()).containsExactly(new SbomDiff.Component("new:here", "3"));
        assertThat(diff.removed()).containsExactly(new SbomDiff.Component("old:gone", "1"));
        assertThat(diff.table()).contains("changed  pkg:maven/org.slf4j/slf4j-api", "2 changed, 1 added, 1 removed");
        JsonNode json = JSON.readTree(diff.json());
        assertThat(json.path("changed")).hasSize(2);
        assertThat(json.path("added").get(0).path("component").asText()).isEqualTo("new:here");
    }

    @Test
    void between_whenNothingChanged_isEmpty() throws Exception {
        JsonNode bom = JSON.readTree("{\"components\":[{\"group\":\"a\",\"name\":\"b\",\"version\":\"1\"}]}");

        SbomDiff diff = SbomDiff.between(bom, bom);

        assertThat(diff.isEmpty()).isTrue();
        assertThat(JSON.readTree(diff.json()).path("added")).isEmpty();
    }
}
