package com.mangaassist.knowledge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.knowledge.search.OpenSearchClient;
import com.mangaassist.localaws.search.LocalOpenSearch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code knowledge ingest} as the ingestion task runs it ({@code --data s3://… --sigv4}): the data
 * from the S3 stand-in, a real OpenSearch node (local-search) behind a proxy that records what the
 * CLI sent. What AWS adds and this cannot show: the task role's credentials, the bucket policy and
 * the domain's access policy judging the signatures.
 */
class KnowledgeCliTest {

    private static final String PREFIX = "knowledge/0123abcd/";
    private static final String DATA = "s3://" + S3StandIn.BUCKET + "/" + PREFIX;

    private static LocalOpenSearch node;
    private static OpenSearchClient nodeClient;

    private final S3StandIn s3 = S3StandIn.start();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final AwsAccess aws = new AwsAccess() {
        @Override
        public Region region(String regionOption) {
            return Region.of(regionOption == null ? "ap-northeast-1" : regionOption);
        }

        @Override
        public AwsCredentialsProvider credentials() {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"));
        }

        @Override
        public S3Client s3(Region region) {
            return s3.client();
        }
    };

    @BeforeAll
    static void startNode(@TempDir Path home) {
        node = LocalOpenSearch.start(home);
        nodeClient = new OpenSearchClient(node.endpoint(), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    /** A small corpus from the shipped data (20 series and the policies: 64 documents), uploaded as the README uploads it. */
    @BeforeEach
    void upload() throws IOException {
        nodeClient.send("DELETE", "/knowledge-v*", null);
        List<String> shonen = Files.readAllLines(Path.of("data/catalog/shonen.jsonl"));
        s3.put(PREFIX + "catalog/part.jsonl", (String.join("\n", shonen.subList(0, 20)) + "\n").getBytes(StandardCharsets.UTF_8))
                .put(PREFIX + "store/policies.jsonl", Files.readAllBytes(Path.of("data/store/policies.jsonl")))
                .put(PREFIX + "catalog.schema.json", Files.readAllBytes(Path.of("data/catalog.schema.json")))
                .put("lambda-overflow/function.zip", new byte[] {1, 2, 3});
    }

    @AfterEach
    void stop() {
        s3.close();
    }

    @Test
    void ingest_whenDataIsAnS3PrefixAndSigv4_downloadsItThenIngestsItWithEveryRequestSigned() {
        try (RecordingEngineProxy engine = RecordingEngineProxy.to(node.endpoint())) {
            int code = KnowledgeCli.run(new PrintStream(output, true, StandardCharsets.UTF_8), aws, "ingest", "--endpoint",
                    engine.endpoint().toString(), "--data", DATA, "--replicas", "0", "--region", "ap-northeast-1", "--sigv4");

            assertThat(code).as(output()).isZero();
            assertThat(output()).contains("signing requests to 127.0.0.1 with SigV4 (es, ap-northeast-1)")
                    .contains("data: " + DATA + " (3 objects").containsPattern("published knowledge-v\\S+ \\(64 documents");
            assertThat(nodeClient.send("GET", "/knowledge/_count", null).orElseThrow().path("count").asInt()).isEqualTo(64);
            assertThat(engine.requests()).isNotEmpty().allSatisfy(request -> {
                assertThat(request.authorization()).as(request.method() + " " + request.path())
                        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/").contains("/ap-northeast-1/es/aws4_request");
                assertThat(request.contentSha256()).matches("[0-9a-f]{64}");
                // OpenSearch refuses a request with two (400 "only one Content-Type header should be provided").
                assertThat(request.contentTypes()).hasSizeLessThanOrEqualTo(1);
            });
            assertThat(engine.requests()).extracting(RecordingEngineProxy.Request::path).anyMatch(p -> p.endsWith("/_bulk")).contains("/_aliases");
            assertThat(s3.requests()).as("only the prefix was read").noneMatch(r -> r.contains("lambda-overflow"));
            assertThat(copiedTo()).as("the downloaded copy is deleted once ingested").doesNotExist();
        }
    }

    @Test
    void ingest_whenAKeyWouldEscapeTheDownloadDirectory_exitsOneAndNeverCallsTheEngine() {
        s3.put(PREFIX + "catalog/../../../tmp/evil.jsonl", "{}".getBytes(StandardCharsets.UTF_8));

        try (RecordingEngineProxy engine = RecordingEngineProxy.to(node.endpoint())) {
            int code = run("ingest", "--endpoint", engine.endpoint().toString(), "--data", DATA, "--sigv4");

            assertThat(code).isEqualTo(1);
            assertThat(output()).contains("knowledge ingest: refusing key " + PREFIX + "catalog/../../../tmp/evil.jsonl under " + DATA
                    + ": it would not stay inside the download directory");
            assertThat(engine.requests()).isEmpty();
        }
    }

    @Test
    void ingest_whenAnObjectCannotBeDownloaded_exitsOneAndNeverCallsTheEngine() {
        s3.goneOnGet(PREFIX + "store/policies.jsonl");

        try (RecordingEngineProxy engine = RecordingEngineProxy.to(node.endpoint())) {
            int code = run("ingest", "--endpoint", engine.endpoint().toString(), "--data", DATA, "--sigv4");

            assertThat(code).isEqualTo(1);
            assertThat(output()).contains("knowledge ingest: could not download s3://" + S3StandIn.BUCKET + "/" + PREFIX + "store/policies.jsonl: ")
                    .doesNotContain("published");
            assertThat(engine.requests()).isEmpty();
            assertThat(nodeClient.send("GET", "/_alias/knowledge", null)).isEmpty();
        }
    }

    @Test
    void ingest_whenTheListingIsCutShort_exitsOneAndNeverCallsTheEngine() {
        s3.truncatedWithoutToken();

        try (RecordingEngineProxy engine = RecordingEngineProxy.to(node.endpoint())) {
            int code = run("ingest", "--endpoint", engine.endpoint().toString(), "--data", DATA, "--sigv4");

            assertThat(code).isEqualTo(1);
            assertThat(output()).contains("is truncated but gives no continuation token");
            assertThat(engine.requests()).isEmpty();
        }
    }

    @Test
    void ingest_whenALocalEndpointAndNoSigv4_sendsUnsignedRequests(@TempDir Path data) throws IOException {
        Files.createDirectories(data.resolve("catalog"));
        Files.createDirectories(data.resolve("store"));
        Files.write(data.resolve("catalog/part.jsonl"), Files.readAllLines(Path.of("data/catalog/shonen.jsonl")).subList(0, 3));
        Files.copy(Path.of("data/store/policies.jsonl"), data.resolve("store/policies.jsonl"));

        // An engine that is down: the first request is enough to see how the CLI signs.
        try (RecordingEngineProxy engine = RecordingEngineProxy.to(null)) {
            int code = run("ingest", "--endpoint", engine.endpoint().toString(), "--data", data.toString());

            assertThat(code).isEqualTo(1);
            assertThat(output()).doesNotContain("signing").contains("knowledge ingest: ");
            assertThat(engine.requests()).isNotEmpty().allSatisfy(request -> assertThat(request.authorization()).isNull());
            assertThat(s3.requests()).as("a local directory needs no S3").isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ingest --endpoint http://127.0.0.1:9 --data s3://" + S3StandIn.BUCKET + "/ | is not s3://<bucket>/<prefix>/",
            "ingest --endpoint http://127.0.0.1:9 --data s3://Bad_Bucket/knowledge/x/ | is not s3://<bucket>/<prefix>/",
            "ingest --endpoint http://127.0.0.1:9 --replicas one | --replicas takes a number of replicas",
            "ingest --endpoint http://127.0.0.1:9 --region | --region needs a value",
            "ingest --endpoint http://127.0.0.1:9 --signed | unknown option --signed",
            "ingest --endpoint http://127.0.0.1:9 --bogus 1 | unknown option --bogus",
            "ingest --data knowledge/data | --endpoint <OpenSearch URL> is required",
            "reindex --endpoint http://127.0.0.1:9 | usage: knowledge ingest|eval|search"})
    void run_whenTheCommandLineCannotBeUsed_exitsTwoAndSaysWhyBeforeTouchingAnything(String commandLine, String problem) {
        int code = run(commandLine.trim().split(" "));

        assertThat(code).isEqualTo(2);
        assertThat(output()).contains(problem.trim()).contains("usage: knowledge ingest|eval|search");
        assertThat(s3.requests()).isEmpty();
    }

    private int run(String... args) {
        return KnowledgeCli.run(new PrintStream(output, true, StandardCharsets.UTF_8), aws, args);
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    /** The temporary directory the data line names. */
    private Path copiedTo() {
        Matcher matcher = Pattern.compile("copied to (\\S+)\\)").matcher(output());
        assertThat(matcher.find()).as(output()).isTrue();
        return Path.of(matcher.group(1));
    }
}
