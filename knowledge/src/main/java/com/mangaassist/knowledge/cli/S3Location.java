package com.mangaassist.knowledge.cli;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code s3://<bucket>/<prefix>/}: where {@code --data} finds the knowledge data in S3. The prefix
 * always ends with {@code /} (one is added when left off), so {@code knowledge/abc} never also
 * matches {@code knowledge/abcdef/}; an empty prefix is refused, since it would download a whole
 * bucket (in AWS, the artifact bucket with its Lambda zips and models).
 */
record S3Location(String bucket, String prefix) {

    private static final Pattern URL = Pattern.compile("s3://([^/]+)/(.+)");
    /** S3's bucket naming rule: 3 to 63 lowercase letters, digits, dots and hyphens, a letter or digit at both ends. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /** Whether {@code data} names S3 at all (then {@link #parse} decides whether it names it well). */
    static boolean isS3(String data) {
        return data.startsWith("s3://");
    }

    /** The location, or empty when {@code url} is not {@code s3://<valid bucket>/<non-empty prefix>}. */
    static Optional<S3Location> parse(String url) {
        Matcher matcher = URL.matcher(url);
        if (!matcher.matches() || !BUCKET.matcher(matcher.group(1)).matches() || matcher.group(1).contains("..")) {
            return Optional.empty();
        }
        String prefix = matcher.group(2).endsWith("/") ? matcher.group(2) : matcher.group(2) + "/";
        return Optional.of(new S3Location(matcher.group(1), prefix));
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }
}
