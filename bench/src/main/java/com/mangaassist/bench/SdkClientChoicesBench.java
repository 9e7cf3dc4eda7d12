package com.mangaassist.bench;

import com.mangaassist.localaws.EmbeddedDynamoDb;
import com.mangaassist.localaws.RecordingManagementApi;
import com.mangaassist.localaws.process.ServiceProcess;
import com.mangaassist.pipeline.aws.AwsCallCounter;
import com.mangaassist.pipeline.aws.AwsClientDefaults;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * What an SDK call costs the calling process, per client configuration: the HTTP client (Apache,
 * URLConnection, AWS CRT), the SDK's per-call timeouts, and the metric publisher that counts
 * calls. Each configuration runs in a fresh JVM against DynamoDB Local and a recording
 * {@code @connections} API served by this one, so the figure is the client process's CPU alone
 * (every thread, the HTTP client's own included), per call, after a warm-up. The two calls a turn
 * makes most: a two-item conditional TransactWriteItems (accepting or closing a message) and a
 * PostToConnection of a token frame. Writes {@code bench/target/sdk-client-choices.md}.
 * Usage: {@code bench/run-sdk-clients.sh [calls] [warm-up calls]}.
 */
public final class SdkClientChoicesBench {

    /** The configurations compared; the first is what the orchestrator used before issue 16. */
    enum Variant {
        APACHE_SDK_TIMEOUTS_METRICS("Apache, SDK call timeouts, metric publisher (before)"),
        APACHE_SOCKET_TIMEOUTS_METRICS("Apache, socket timeouts, metric publisher"),
        APACHE_BARE("Apache, no timeouts, no publisher"),
        URL_CONNECTION_METRICS("URLConnection, socket timeouts, metric publisher"),
        CRT_METRICS("AWS CRT, socket timeouts, metric publisher");

        final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    private static final String TABLE = "bench";

    private SdkClientChoicesBench() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } finally {
            // DynamoDB Local leaves non-daemon threads behind.
            System.exit(0);
        }
    }

    private static void run(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 10000;
        Path root = ServiceProcess.reactorRoot();
        String classpath = System.getProperty("java.class.path");
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "Client process CPU per call (all its threads), after %,d warm-up calls, over %,d calls; "
                + "wall time p50 per call. DynamoDB Local and the recording @connections API run in another process. %d cores, JDK %s.%n%n",
                warmup, calls, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        report.append("| configuration | TransactWriteItems CPU | p50 | PostToConnection CPU | p50 |\n|---|---:|---:|---:|---:|\n");
        try (EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.startServer(); RecordingManagementApi connections = RecordingManagementApi.start()) {
            dynamo.client().createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                            a -> a.attributeName("sk").attributeType(ScalarAttributeType.S)));
            for (Variant variant : Variant.values()) {
                Process child = new ProcessBuilder("java", "-XX:+UseG1GC", "-Xmx512m", "-cp", classpath, Child.class.getName(), variant.name(),
                        dynamo.endpoint().toString(), connections.endpoint().toString(), Integer.toString(warmup), Integer.toString(calls))
                        .redirectErrorStream(true).start();
                String result = null;
                StringBuilder output = new StringBuilder();
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        output.append(line).append('\n');
                        if (line.startsWith("result ")) {
                            result = line.substring("result ".length());
                        }
                    }
                }
                if (child.waitFor() != 0 || result == null) {
                    System.err.print(output);
                    throw new IllegalStateException(variant + " failed (exit " + child.exitValue() + ")");
                }
                String row = String.format(Locale.ROOT, "| %s | %s |%n", variant.label, result);
                System.out.print(row);
                report.append(row);
                connections.clear();
            }
        }
        Path out = root.resolve("bench/target/sdk-client-choices.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.out.println("wrote " + out);
    }

    /** One configuration in its own JVM; prints {@code result <cells>}. */
    public static final class Child {

        public static void main(String[] args) throws Exception {
            Variant variant = Variant.valueOf(args[0]);
            URI dynamoEndpoint = URI.create(args[1]);
            URI connectionsEndpoint = URI.create(args[2]);
            int warmup = Integer.parseInt(args[3]);
            int calls = Integer.parseInt(args[4]);
            AtomicLong counted = new AtomicLong();
            AwsCallCounter counter = new AwsCallCounter((service, operation, attempts) -> counted.incrementAndGet());
            AwsClientDefaults defaults = new AwsClientDefaults("us-east-1", true);
            try (DynamoDbClient dynamo = build(defaults.configure(DynamoDbClient.builder(), dynamoEndpoint.toString()), variant, counter);
                 ApiGatewayManagementApiClient management = build(defaults.configure(ApiGatewayManagementApiClient.builder(),
                         connectionsEndpoint.toString()), variant, counter)) {
                long[] sequence = {0};
                // Every configuration writes its own items: the conditions hold for each write.
                String run = variant.name() + "#" + System.nanoTime();
                Runnable transact = () -> {
                    long n = sequence[0]++;
                    String pk = run + "#c" + (n % 1000);
                    dynamo.transactWriteItems(b -> b.transactItems(
                            TransactWriteItem.builder().put(p -> p.tableName(TABLE).item(Map.of("pk", s(pk), "sk", s("msg#" + n), "text",
                                    s("Which volume of One Piece starts the Wano arc?"))).conditionExpression("attribute_not_exists(sk)")).build(),
                            TransactWriteItem.builder().put(p -> p.tableName(TABLE).item(Map.of("pk", s(pk), "sk", s("mid#" + n), "index",
                                    AttributeValue.fromN(Long.toString(n)))).conditionExpression("attribute_not_exists(sk)")).build()));
                };
                SdkBytes frame = SdkBytes.fromUtf8String("{\"type\":\"token\",\"messageId\":\"m-1\",\"seq\":1,\"attempt\":1,"
                        + "\"text\":\"Volume 90 starts the Wano arc.\"}");
                Runnable post = () -> management.postToConnection(b -> b.connectionId("conn-bench=").data(frame));
                String cells = measure(transact, warmup, calls) + " | " + measure(post, warmup, calls);
                System.out.println("result " + cells);
            }
            System.exit(0);
        }

        private static <B extends software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>
                & software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> C build(B builder, Variant variant, AwsCallCounter counter) {
            Duration timeout = Duration.ofSeconds(2);
            SdkHttpClient http = switch (variant) {
                case APACHE_SDK_TIMEOUTS_METRICS, APACHE_BARE -> ApacheHttpClient.builder().maxConnections(16).connectionTimeout(timeout).build();
                case APACHE_SOCKET_TIMEOUTS_METRICS -> ApacheHttpClient.builder().maxConnections(16).connectionTimeout(timeout)
                        .socketTimeout(timeout).build();
                case URL_CONNECTION_METRICS -> UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout).build();
                case CRT_METRICS -> AwsCrtHttpClient.builder().maxConcurrency(16).connectionTimeout(timeout).build();
            };
            builder.httpClient(http);
            ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder();
            if (variant == Variant.APACHE_SDK_TIMEOUTS_METRICS) {
                override.apiCallAttemptTimeout(timeout).apiCallTimeout(Duration.ofSeconds(6));
            }
            if (variant != Variant.APACHE_BARE) {
                override.addMetricPublisher(counter);
            }
            return builder.overrideConfiguration(override.build()).build();
        }

        /** Process CPU microseconds per call and wall p50 microseconds, after {@code warmup} calls. */
        private static String measure(Runnable call, int warmup, int calls) {
            for (int i = 0; i < warmup; i++) {
                call.run();
            }
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long[] wall = new long[calls];
            long cpuBefore = os.getProcessCpuTime();
            for (int i = 0; i < calls; i++) {
                long start = System.nanoTime();
                call.run();
                wall[i] = System.nanoTime() - start;
            }
            long cpu = os.getProcessCpuTime() - cpuBefore;
            Arrays.sort(wall);
            return String.format(Locale.ROOT, "%.0f µs | %.0f µs", cpu / 1e3 / calls, wall[calls / 2] / 1e3);
        }

        private static AttributeValue s(String value) {
            return AttributeValue.fromS(value);
        }
    }
}
