package com.mangaassist.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.infra.EcrLifecycleModel.Manifest;
import com.mangaassist.infra.images.ImageRepository;
import com.mangaassist.releasecontract.SignatureTags;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The image repositories' lifecycle policy, as synthesized, run by {@link EcrLifecycleModel} (ECR's
 * documented evaluation) over a long push history like the release tool's: each release pushes
 * its image under the release id, then cosign's {@code .sig} and, attestation by attestation, its
 * {@code .att} (each push replaces the tagged manifest; the old one becomes untagged). The policy
 * is evaluated after every push, the strictest timing ECR's "within 24 hours" allows.
 */
class ImageLifecycleTest {

    private static final Template ARTIFACTS = SynthesizedPlatform.of("dev").artifactsTemplate();
    private static final int RELEASES = 80;
    private static final Set<Integer> NEVER_SIGNED = Set.of(12, 75);
    /** After this release a second signer signs, and re-attests, every kept release (a key rotation). */
    private static final int SECOND_SIGNER_AFTER = 60;
    private static final Instant FIRST_RELEASE = Instant.parse("2026-01-05T09:00:00Z");
    private static final DateTimeFormatter RELEASE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** What the repositories synthesized before this policy: untagged after a week, then one count over every tag. */
    private static final String PREVIOUS_POLICY = """
            {"rules":[
              {"rulePriority":1,"description":"untagged layers go after a week",
               "selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countNumber":7,"countUnit":"days"},"action":{"type":"expire"}},
              {"rulePriority":2,"description":"keep the last 50 releases for rollback",
               "selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":50},"action":{"type":"expire"}}]}""";

    @Test
    void synthesizedPolicy_overAReleaseHistory_keepsTheNewestReleasesWithTheirSignaturesAndAttestations() {
        Map<String, Map<String, Object>> repositories = ARTIFACTS.findResources("AWS::ECR::Repository");
        assertThat(repositories).hasSize(2);
        for (Map<String, Object> repository : repositories.values()) {
            Replay replay = Replay.of(EcrLifecycleModel.parse(policyText(repository)), history());

            assertThat(replay.losses()).isEmpty();
            // It does prune: exactly the newest releases' images remain, and the orphaned signatures stay bounded.
            assertThat(replay.registry().releaseImages()).hasSize(ImageRepository.RELEASES_KEPT)
                    .allSatisfy(release -> assertThat(release).isGreaterThanOrEqualTo(RELEASES - ImageRepository.RELEASES_KEPT));
            for (String suffix : List.of(SignatureTags.SIGNATURE_SUFFIX, SignatureTags.ATTESTATION_SUFFIX)) {
                assertThat(replay.registry().taggedCount("." + suffix)).isLessThanOrEqualTo(ImageRepository.SIGNATURE_MANIFESTS_KEPT);
            }
            assertThat(replay.registry().untaggedOlderThan(replay.end().minus(Duration.ofDays(8)))).isZero();
        }
    }

    @Test
    void previousPolicy_overTheSameHistory_losesReleasesAndSignaturesItPromisedToKeep() {
        Replay replay = Replay.of(EcrLifecycleModel.parse(PREVIOUS_POLICY), history());

        // Each release is three tagged manifests (image, .sig, .att), so "the last 50" keeps at most about 16 releases.
        assertThat(replay.lossesAtEnd()).filteredOn(loss -> loss.what().equals(".sig")).hasSizeGreaterThan(ImageRepository.RELEASES_KEPT / 2);
        assertThat(replay.registry().releaseImages()).hasSizeLessThan(ImageRepository.RELEASES_KEPT / 2);
    }

    @Test
    void signatureCountOfReleasesKept_whenAReleaseLeavingTheKeptSetWasSignedAgain_losesAKeptReleasesSignature() {
        EcrLifecycleModel policy = EcrLifecycleModel.parse(synthesizedPolicyText());
        int signatureRule = ruleSelecting(policy, "sha256-0.sig");
        int attestationRule = ruleSelecting(policy, "sha256-0.att");
        EcrLifecycleModel countingReleasesOnly = policy.withCountNumber(signatureRule, ImageRepository.RELEASES_KEPT)
                .withCountNumber(attestationRule, ImageRepository.RELEASES_KEPT);

        Replay replay = Replay.of(countingReleasesOnly, history());

        // The image is still there to roll back to, but its signature is gone: it no longer verifies.
        assertThat(replay.losses()).anySatisfy(loss -> {
            assertThat(loss.what()).isEqualTo(".sig");
            assertThat(loss.imagePresent()).isTrue();
        });
    }

    @Test
    void model_onTheExamplesAwsDocuments_expiresWhatAwsSays() {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        Manifest a = new Manifest("A", Set.of("beta-1", "prod-1"), now.minus(Duration.ofDays(10)));
        Manifest b = new Manifest("B", Set.of("beta-2", "prod-2"), now.minus(Duration.ofDays(9)));
        Manifest c = new Manifest("C", Set.of("beta-3"), now.minus(Duration.ofDays(8)));
        String prodThenBeta = twoRules(rule(1, "tagPrefixList", "[\"prod\"]", "imageCountMoreThan", 1), rule(2, "tagPrefixList", "[\"beta\"]", "imageCountMoreThan", 1));
        String betaThenProd = twoRules(rule(1, "tagPrefixList", "[\"beta\"]", "imageCountMoreThan", 1), rule(2, "tagPrefixList", "[\"prod\"]", "imageCountMoreThan", 1));
        // "Filtering on multiple rules", examples A and B.
        assertThat(EcrLifecycleModel.parse(prodThenBeta).expired(List.of(a, b, c), now)).containsExactly(a);
        assertThat(EcrLifecycleModel.parse(betaThenProd).expired(List.of(a, b, c), now)).containsExactlyInAnyOrder(a, b);

        // "Filtering on multiple tags in a single rule", examples A and B: every listed prefix must match.
        List<Manifest> lettered = List.of(new Manifest("A", Set.of("alpha-1"), now.minus(Duration.ofDays(12))),
                new Manifest("B", Set.of("beta-1"), now.minus(Duration.ofDays(11))),
                new Manifest("C", Set.of("alpha-2", "beta-2"), now.minus(Duration.ofDays(10))),
                new Manifest("D", Set.of("alpha-3"), now.minus(Duration.ofDays(4))),
                new Manifest("E", Set.of("beta-3"), now.minus(Duration.ofDays(3))),
                new Manifest("F", Set.of("alpha-4", "beta-4"), now.minus(Duration.ofDays(2))));
        assertThat(EcrLifecycleModel.parse(oneRule(rule(1, "tagPrefixList", "[\"alpha\",\"beta\"]", "sinceImagePushed", 5)))
                .expired(lettered, now)).extracting(Manifest::digest).containsExactly("C");
        List<Manifest> greek = List.of(new Manifest("A", Set.of("alpha-1", "beta-1", "gamma-1"), now.minus(Duration.ofDays(10))),
                new Manifest("B", Set.of("alpha-2", "beta-2"), now.minus(Duration.ofDays(9))),
                new Manifest("C", Set.of("alpha-3", "beta-3", "gamma-2"), now.minus(Duration.ofDays(8))));
        assertThat(EcrLifecycleModel.parse(oneRule(rule(1, "tagPrefixList", "[\"alpha\",\"beta\"]", "imageCountMoreThan", 1)))
                .expired(greek, now)).extracting(Manifest::digest).containsExactlyInAnyOrder("A", "B");

        // Patterns likewise: one rule naming both signature patterns would select no signature manifest at all.
        assertThat(EcrLifecycleModel.parse(oneRule(rule(1, "tagPatternList", "[\"sha256-*.sig\",\"sha256-*.att\"]", "imageCountMoreThan", 1)))
                .expired(List.of(new Manifest("S1", Set.of("sha256-1.sig"), now.minus(Duration.ofDays(2))),
                        new Manifest("S2", Set.of("sha256-2.sig"), now.minus(Duration.ofDays(1)))), now)).isEmpty();
    }

    @Test
    void model_whenPolicyBreaksWhatEcrChecksOnPut_refuses() {
        assertThatThrownBy(() -> EcrLifecycleModel.parse(twoRules(
                "{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":5},\"action\":{\"type\":\"expire\"}}",
                rule(2, "tagPatternList", "[\"*\"]", "imageCountMoreThan", 1))))
                .hasMessageContaining("tagStatus any rule must have the highest rulePriority");
        assertThatThrownBy(() -> EcrLifecycleModel.parse(oneRule(rule(1, "tagPatternList", "[\"*a*b*c*d*\"]", "imageCountMoreThan", 1))))
                .hasMessageContaining("more than four wildcards");
    }

    @Test
    void releaseTagPattern_matchesReleaseIdsAndNoSignatureTag() {
        String digest = digest("image", 1);
        assertThat(EcrLifecycleModel.wildcardMatches(ImageRepository.RELEASE_TAG_PATTERN, releaseId(0))).isTrue();
        for (String suffix : List.of(SignatureTags.SIGNATURE_SUFFIX, SignatureTags.ATTESTATION_SUFFIX)) {
            String tag = SignatureTags.tagFor(digest, suffix);
            assertThat(EcrLifecycleModel.wildcardMatches(ImageRepository.RELEASE_TAG_PATTERN, tag)).as(tag).isFalse();
            assertThat(EcrLifecycleModel.wildcardMatches(ImageRepository.RELEASE_TAG_PATTERN, tag.toUpperCase())).as("case-blind " + tag).isFalse();
        }
    }

    // --- the history ---------------------------------------------------------------------------

    /** One push: an image under its release id, or a signature or attestation manifest of a release's image. */
    record Push(Instant at, int release, String kind) {
        static final String IMAGE = "image";
    }

    /**
     * {@value #RELEASES} daily releases. Each is signed ten minutes after its push and attested
     * three times (provenance, SBOM, tests), its scan report attested six hours later. Two are
     * never signed (a release abandoned after its build). Every tenth release, once the kept set is
     * full, the oldest kept release is signed again the hour before the push that retires it (a
     * rollback target checked and re-signed). After release {@value #SECOND_SIGNER_AFTER} a second
     * signer signs and attests every kept release, oldest first.
     */
    static List<Push> history() {
        List<Push> pushes = new ArrayList<>();
        for (int release = 0; release < RELEASES; release++) {
            Instant at = FIRST_RELEASE.plus(Duration.ofDays(release));
            int leaving = release - ImageRepository.RELEASES_KEPT;
            if (leaving >= 0 && release % 10 == 9 && !NEVER_SIGNED.contains(leaving)) {
                pushes.add(new Push(at.minus(Duration.ofHours(1)), leaving, "." + SignatureTags.SIGNATURE_SUFFIX));
            }
            pushes.add(new Push(at, release, Push.IMAGE));
            if (NEVER_SIGNED.contains(release)) {
                continue;
            }
            pushes.add(new Push(at.plus(Duration.ofMinutes(10)), release, "." + SignatureTags.SIGNATURE_SUFFIX));
            for (int attestation = 0; attestation < 3; attestation++) {
                pushes.add(new Push(at.plus(Duration.ofMinutes(20 + attestation)), release, "." + SignatureTags.ATTESTATION_SUFFIX));
            }
            pushes.add(new Push(at.plus(Duration.ofHours(6)), release, "." + SignatureTags.ATTESTATION_SUFFIX));
            if (release == SECOND_SIGNER_AFTER) {
                Instant rotation = at.plus(Duration.ofHours(12));
                for (int kept = release - ImageRepository.RELEASES_KEPT + 1, i = 0; kept <= release; kept++, i++) {
                    if (!NEVER_SIGNED.contains(kept)) {
                        pushes.add(new Push(rotation.plus(Duration.ofMinutes(2L * i)), kept, "." + SignatureTags.SIGNATURE_SUFFIX));
                        pushes.add(new Push(rotation.plus(Duration.ofMinutes(2L * i + 1)), kept, "." + SignatureTags.ATTESTATION_SUFFIX));
                    }
                }
            }
        }
        pushes.sort((x, y) -> x.at().compareTo(y.at()));
        return List.copyOf(pushes);
    }

    static String releaseId(int release) {
        return RELEASE_TIME.format(FIRST_RELEASE.plus(Duration.ofDays(release))) + "-" + digest("commit", release).substring(7, 14);
    }

    static String imageDigest(int release) {
        return digest("image", release);
    }

    // --- replaying it ---------------------------------------------------------------------------

    /** A kept release's image, signature or attestation missing at some point. */
    record Loss(Instant at, int release, String what, boolean imagePresent) {
    }

    record Replay(Registry registry, List<Loss> losses, List<Loss> lossesAtEnd, Instant end) {

        /** Pushes in order, evaluating the policy after each, and records every kept release that lacks something it had. */
        static Replay of(EcrLifecycleModel policy, List<Push> pushes) {
            Registry registry = new Registry();
            List<Integer> released = new ArrayList<>();
            Set<String> pushedOnce = new HashSet<>();
            List<Loss> losses = new ArrayList<>();
            List<Loss> current = List.of();
            int count = 0;
            for (Push push : pushes) {
                if (push.kind().equals(Push.IMAGE)) {
                    registry.push(imageDigest(push.release()), releaseId(push.release()), push.at());
                    released.add(push.release());
                } else {
                    registry.push(digest(push.kind(), count), SignatureTags.tagFor(imageDigest(push.release()), push.kind().substring(1)), push.at());
                    pushedOnce.add(push.release() + push.kind());
                }
                count++;
                registry.expire(policy.expired(registry.manifests(), push.at()));
                current = lossesAmongKept(registry, released, pushedOnce, push.at());
                losses.addAll(current);
            }
            return new Replay(registry, List.copyOf(losses), current, pushes.get(pushes.size() - 1).at());
        }

        private static List<Loss> lossesAmongKept(Registry registry, List<Integer> released, Set<String> pushedOnce, Instant at) {
            List<Loss> losses = new ArrayList<>();
            for (int release : released.subList(Math.max(0, released.size() - ImageRepository.RELEASES_KEPT), released.size())) {
                boolean imagePresent = registry.tagged(releaseId(release)).isPresent();
                if (!imagePresent) {
                    losses.add(new Loss(at, release, Push.IMAGE, false));
                }
                for (String suffix : List.of(SignatureTags.SIGNATURE_SUFFIX, SignatureTags.ATTESTATION_SUFFIX)) {
                    if (pushedOnce.contains(release + "." + suffix) && registry.tagged(SignatureTags.tagFor(imageDigest(release), suffix)).isEmpty()) {
                        losses.add(new Loss(at, release, "." + suffix, imagePresent));
                    }
                }
            }
            return losses;
        }
    }

    /** A repository as ECR keeps one with these tag rules: release tags immutable, signature tags moved by each push. */
    static final class Registry {
        private final Map<String, Manifest> byDigest = new LinkedHashMap<>();

        void push(String digest, String tag, Instant at) {
            Optional<Manifest> holder = tagged(tag);
            if (holder.isPresent()) {
                if (!SignatureTags.mutable(tag)) {
                    throw new IllegalStateException("tag " + tag + " is immutable");
                }
                Set<String> rest = new HashSet<>(holder.get().tags());
                rest.remove(tag);
                byDigest.put(holder.get().digest(), new Manifest(holder.get().digest(), rest, holder.get().pushedAt()));
            }
            byDigest.put(digest, new Manifest(digest, Set.of(tag), at));
        }

        void expire(Set<Manifest> expired) {
            expired.forEach(m -> byDigest.remove(m.digest()));
        }

        List<Manifest> manifests() {
            return List.copyOf(byDigest.values());
        }

        Optional<Manifest> tagged(String tag) {
            return byDigest.values().stream().filter(m -> m.tags().contains(tag)).findFirst();
        }

        Set<Integer> releaseImages() {
            Set<Integer> releases = new HashSet<>();
            for (int release = 0; release < RELEASES; release++) {
                if (tagged(releaseId(release)).isPresent()) {
                    releases.add(release);
                }
            }
            return releases;
        }

        long taggedCount(String suffix) {
            return byDigest.values().stream().filter(m -> m.tags().stream().anyMatch(t -> t.endsWith(suffix))).count();
        }

        long untaggedOlderThan(Instant instant) {
            return byDigest.values().stream().filter(m -> m.tags().isEmpty() && m.pushedAt().isBefore(instant)).count();
        }
    }

    // --- helpers --------------------------------------------------------------------------------

    private static String synthesizedPolicyText() {
        return policyText(ARTIFACTS.findResources("AWS::ECR::Repository").values().iterator().next());
    }

    @SuppressWarnings("unchecked")
    private static String policyText(Map<String, Object> repository) {
        Map<String, Object> properties = (Map<String, Object>) repository.get("Properties");
        return (String) ((Map<String, Object>) properties.get("LifecyclePolicy")).get("LifecyclePolicyText");
    }

    private static int ruleSelecting(EcrLifecycleModel policy, String tag) {
        return policy.rules().stream().filter(r -> r.selects(new Manifest("x", Set.of(tag), Instant.EPOCH)))
                .map(EcrLifecycleModel.Rule::priority).findFirst().orElseThrow(() -> new AssertionError("no rule selects " + tag));
    }

    private static String rule(int priority, String list, String values, String countType, int count) {
        String unit = countType.equals("sinceImagePushed") ? ",\"countUnit\":\"days\"" : "";
        return "{\"rulePriority\":" + priority + ",\"selection\":{\"tagStatus\":\"tagged\",\"" + list + "\":" + values + ",\"countType\":\""
                + countType + "\",\"countNumber\":" + count + unit + "},\"action\":{\"type\":\"expire\"}}";
    }

    private static String oneRule(String rule) {
        return "{\"rules\":[" + rule + "]}";
    }

    private static String twoRules(String first, String second) {
        return "{\"rules\":[" + first + "," + second + "]}";
    }

    static String digest(String what, int n) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((what + n).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
