package com.mangaassist.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * ECR's lifecycle policy evaluation as AWS documents it, to run a policy text over a repository's
 * manifests offline. Sources: "Lifecycle policy evaluation rules" in the ECR user guide
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html#lp_evaluation_rules),
 * "Lifecycle policy properties" (lifecycle_policy_parameters.html) and the worked outcomes in
 * "Examples of lifecycle policies" (lifecycle_policy_examples.html, reproduced in ImageLifecycleTest).
 * What it implements, rule by rule:
 * <ol>
 * <li>"All rules are evaluated at the same time, regardless of rule priority. After all rules are
 * evaluated, they are then applied based on rule priority": every rule selects and counts over
 * the whole repository; marks are applied lowest priority number first.
 * <li>"An image is expired by exactly one or zero rules" and "An image that matches the tagging
 * requirements of a rule cannot be expired by a rule with a lower priority": a manifest selected by
 * a higher-priority rule is never expired by a later one.
 * <li>"Rules can never mark images that are marked by higher priority rules, but can still identify
 * them as if they haven't been expired": a later rule still counts those manifests, as the
 * examples' "Filtering on multiple rules", example A, narrates. (Its example B says rule 2 "would
 * see no images" rule 1 saw; both readings give every documented outcome, and the synthesized
 * policy's selections are disjoint, so its results do not depend on the reading. The previous
 * single-count policy loses releases under either, only sooner under this one.)
 * <li>"Expiration is always ordered by pushed_at_time"; "With countType = imageCountMoreThan, images
 * are sorted from youngest to oldest based on pushed_at_time and then all images greater than the
 * specified count are expired"; "With countType = sinceImagePushed, all images whose pushed_at_time
 * is older than the specified number of days based on countNumber are expired".
 * <li>tagStatus: {@code any} selects every manifest, {@code untagged} those without tags, {@code
 * tagged} those with a tag matching the lists: "an image is successfully matched if all of the tags
 * in the tagPrefixList value are matched against any of the image's tags", and for tagPatternList
 * "If you specify multiple tags, only the images with all specified tags are selected" — each
 * pattern must match one of the manifest's tags; {@code *} matches any run of characters.
 * <li>What ECR refuses when a policy is put: priorities must be unique; "A rule with a tagStatus value
 * of any must have the highest value for rulePriority"; "Only one rule is allowed to select untagged
 * images"; tagged rules need a tagPatternList or tagPrefixList, untagged ones must have neither; at most
 * four wildcards per pattern; countNumber positive.
 * </ol>
 * Not modelled: archive storage and transitions, sinceImagePulled (no rule here uses them), and the
 * up-to-24-hour delay before ECR acts, which tests cover by evaluating after every push.
 */
record EcrLifecycleModel(List<Rule> rules) {

    private static final ObjectMapper JSON = new ObjectMapper();

    EcrLifecycleModel {
        rules = rules.stream().sorted(Comparator.comparingInt(Rule::priority)).toList();
        Set<Integer> priorities = new HashSet<>();
        for (Rule rule : rules) {
            require(priorities.add(rule.priority()), "rulePriority " + rule.priority() + " is used twice");
        }
        for (int i = 0; i < rules.size() - 1; i++) {
            require(!rules.get(i).tagStatus().equals("any"), "a tagStatus any rule must have the highest rulePriority");
        }
        require(rules.stream().filter(r -> r.tagStatus().equals("untagged")).count() <= 1, "only one rule may select untagged images");
    }

    /** A manifest in the repository: an image, or a cosign signature or attestation manifest. */
    record Manifest(String digest, Set<String> tags, Instant pushedAt) {
        Manifest {
            Objects.requireNonNull(digest, "digest");
            tags = Set.copyOf(tags);
            Objects.requireNonNull(pushedAt, "pushedAt");
        }
    }

    /** One rule's selection and count, as the policy text states them. */
    record Rule(int priority, String tagStatus, List<String> tagPatternList, List<String> tagPrefixList, String countType, int countNumber) {
        Rule {
            tagPatternList = List.copyOf(tagPatternList);
            tagPrefixList = List.copyOf(tagPrefixList);
            require(Set.of("tagged", "untagged", "any").contains(tagStatus), "tagStatus " + tagStatus);
            require(Set.of("imageCountMoreThan", "sinceImagePushed").contains(countType), "countType " + countType);
            require(countNumber > 0, "countNumber must be positive");
            boolean listed = !tagPatternList.isEmpty() || !tagPrefixList.isEmpty();
            require(!tagStatus.equals("tagged") || listed, "a tagged rule needs a tagPatternList or tagPrefixList");
            require(!tagStatus.equals("untagged") || !listed, "an untagged rule takes no tag lists");
            for (String pattern : tagPatternList) {
                require(pattern.chars().filter(c -> c == '*').count() <= 4, "more than four wildcards in " + pattern);
            }
        }

        boolean selects(Manifest manifest) {
            return switch (tagStatus) {
                case "any" -> true;
                case "untagged" -> manifest.tags().isEmpty();
                default -> !manifest.tags().isEmpty()
                        && tagPatternList.stream().allMatch(p -> manifest.tags().stream().anyMatch(tag -> wildcardMatches(p, tag)))
                        && tagPrefixList.stream().allMatch(p -> manifest.tags().stream().anyMatch(tag -> tag.startsWith(p)));
            };
        }

        /** What this rule would expire among what it selected. */
        List<Manifest> marks(List<Manifest> selected, Instant now) {
            List<Manifest> youngestFirst = selected.stream().sorted(Comparator.comparing(Manifest::pushedAt).reversed()).toList();
            if (countType.equals("imageCountMoreThan")) {
                return youngestFirst.subList(Math.min(countNumber, youngestFirst.size()), youngestFirst.size());
            }
            Instant cutoff = now.minus(Duration.ofDays(countNumber));
            return youngestFirst.stream().filter(m -> m.pushedAt().isBefore(cutoff)).toList();
        }
    }

    /** Reads a policy as {@code PutLifecyclePolicy} takes it (the template's {@code LifecyclePolicyText}). */
    static EcrLifecycleModel parse(String lifecyclePolicyText) {
        JsonNode policy;
        try {
            policy = JSON.readTree(lifecyclePolicyText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Rule> rules = new ArrayList<>();
        for (JsonNode rule : policy.path("rules")) {
            JsonNode selection = rule.path("selection");
            require(rule.path("action").path("type").asText().equals("expire"), "only expire actions are modelled");
            require(!selection.has("countUnit") || selection.path("countUnit").asText().equals("days"), "countUnit is days");
            rules.add(new Rule(rule.path("rulePriority").asInt(), selection.path("tagStatus").asText(), strings(selection.path("tagPatternList")),
                    strings(selection.path("tagPrefixList")), selection.path("countType").asText(), selection.path("countNumber").asInt()));
        }
        return new EcrLifecycleModel(rules);
    }

    /** The same policy with one rule's countNumber changed (to show what another count would do). */
    EcrLifecycleModel withCountNumber(int priority, int countNumber) {
        return new EcrLifecycleModel(rules.stream().map(r -> r.priority() != priority ? r
                : new Rule(r.priority(), r.tagStatus(), r.tagPatternList(), r.tagPrefixList(), r.countType(), countNumber)).toList());
    }

    /** The manifests one evaluation at {@code now} expires. */
    Set<Manifest> expired(List<Manifest> repository, Instant now) {
        Set<Manifest> expired = new LinkedHashSet<>();
        Set<Manifest> selectedByHigherPriority = new HashSet<>();
        for (Rule rule : rules) {
            // Identified (and counted) even when a higher-priority rule saw them ...
            List<Manifest> selected = repository.stream().filter(rule::selects).toList();
            for (Manifest marked : rule.marks(selected, now)) {
                // ... but expired only when no higher-priority rule's tagging requirements matched them.
                if (!selectedByHigherPriority.contains(marked)) {
                    expired.add(marked);
                }
            }
            selectedByHigherPriority.addAll(selected);
        }
        return expired;
    }

    /** ECR's wildcard: {@code *} matches any run of characters, including none; everything else itself. */
    static boolean wildcardMatches(String pattern, String tag) {
        StringBuilder regex = new StringBuilder();
        String[] parts = pattern.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            regex.append(i == 0 ? "" : ".*").append(Pattern.quote(parts[i]));
        }
        return tag.matches(regex.toString());
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static void require(boolean condition, String refusal) {
        if (!condition) {
            throw new IllegalArgumentException("ECR refuses this lifecycle policy: " + refusal);
        }
    }
}
