package com.mangaassist.knowledge.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The parsed command line. Anything {@link #parse} cannot use is a {@link UsageException} naming
 * the problem, which the CLI prints with exit code 2 before touching AWS or the engine.
 *
 * @param questions the eval's questions file given with {@code --questions} (a local file, e.g. the
 *                  held-out set), or {@code null} for the data's own {@code eval/questions.jsonl}
 */
record CliOptions(String command, URI endpoint, Path localData, S3Location s3Data, Path json, String query, int replicas, String region,
                  boolean sigv4, Path questions) {

    static final String USAGE = "usage: knowledge ingest|eval|search --endpoint <OpenSearch URL> [--data <dir>|s3://<bucket>/<prefix>/] "
            + "[--replicas <n>] [--region <AWS region>] [--sigv4] [--json <file>] [--questions <file>] [--query <text>]";
    /** The questions {@code eval} reads when {@code --questions} is not given, relative to the data directory. */
    static final String DEFAULT_QUESTIONS = "eval/questions.jsonl";
    private static final Set<String> COMMANDS = Set.of("ingest", "eval", "search");
    private static final Set<String> VALUED = Set.of("--endpoint", "--data", "--json", "--query", "--replicas", "--region", "--questions");

    /** A command line the CLI cannot run; the message says why. */
    static final class UsageException extends Exception {

        private static final long serialVersionUID = 1L;

        UsageException(String problem) {
            super(problem);
        }
    }

    static CliOptions parse(String... args) throws UsageException {
        if (args.length == 0 || !COMMANDS.contains(args[0])) {
            throw new UsageException(USAGE);
        }
        URI endpoint = null;
        String data = "knowledge/data";
        Path json = null;
        String query = null;
        String replicas = "0";
        String region = null;
        Path questions = null;
        boolean sigv4 = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--sigv4")) {
                sigv4 = true;
                continue;
            }
            if (!VALUED.contains(args[i])) {
                throw new UsageException(args[i].startsWith("--") ? "unknown option " + args[i] : "unexpected argument " + args[i]);
            }
            if (i + 1 >= args.length) {
                throw new UsageException(args[i] + " needs a value");
            }
            String value = args[++i];
            switch (args[i - 1]) {
                case "--endpoint" -> endpoint = uri(value);
                case "--data" -> data = value;
                case "--json" -> json = Path.of(value);
                case "--query" -> query = value;
                case "--replicas" -> replicas = value;
                case "--region" -> region = value;
                case "--questions" -> questions = Path.of(value);
                default -> throw new IllegalStateException("an option in VALUED without a case: " + args[i - 1]);
            }
        }
        if (endpoint == null || endpoint.getHost() == null) {
            throw new UsageException("--endpoint <OpenSearch URL> is required");
        }
        if (!replicas.matches("[0-9]{1,2}")) {
            throw new UsageException("--replicas takes a number of replicas (0 to 99), not " + replicas);
        }
        if (questions != null && !args[0].equals("eval")) {
            throw new UsageException("--questions is only for eval");
        }
        if (questions != null && !Files.isRegularFile(questions)) {
            throw new UsageException("--questions " + questions + " is not a file");
        }
        S3Location s3 = null;
        if (S3Location.isS3(data)) {
            s3 = S3Location.parse(data).orElse(null);
            if (s3 == null) {
                throw new UsageException("--data " + data + " is not s3://<bucket>/<prefix>/ (a valid bucket name and a non-empty prefix)");
            }
        }
        return new CliOptions(args[0], endpoint, s3 == null ? Path.of(data) : null, s3, json, query, Integer.parseInt(replicas), region, sigv4,
                questions);
    }

    /** The questions file {@code eval} reads: {@code --questions}, or else the data directory's own {@value #DEFAULT_QUESTIONS}. */
    Path questionsIn(Path dataDirectory) {
        return questions != null ? questions : dataDirectory.resolve(DEFAULT_QUESTIONS);
    }

    private static URI uri(String value) throws UsageException {
        try {
            return new URI(value);
        } catch (java.net.URISyntaxException e) {
            throw new UsageException("--endpoint " + value + " is not a URL");
        }
    }
}
