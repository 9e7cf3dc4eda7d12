package com.mangaassist.localstack;

import com.mangaassist.knowledge.documents.CatalogReader;
import com.mangaassist.knowledge.embedding.MiniLmEmbedder;
import com.mangaassist.knowledge.ingest.KnowledgeIngestion;
import com.mangaassist.knowledge.search.OpenSearchClient;
import com.mangaassist.localaws.process.ServiceProcess;
import com.mangaassist.localaws.search.LocalOpenSearch;
import com.mangaassist.pipeline.aws.AwsClientDefaults;
import com.mangaassist.shared.contract.SettingNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a local turn retrieves from: a real OpenSearch node with the repository's catalog and store
 * policies ingested (the same {@code knowledge ingest} path as in AWS, alias swap included), and
 * the orders table seeded for the dev principals. The node's data lives in a fresh directory per
 * start, removed on close.
 */
final class LocalKnowledge implements AutoCloseable {

    static final String ORDERS_TABLE = "orders";

    private LocalOpenSearch node;
    private final Path home;
    private final int documents;
    private final int orders;

    private LocalKnowledge(LocalOpenSearch node, Path home, int documents, int orders) {
        this.node = node;
        this.home = home;
        this.documents = documents;
        this.orders = orders;
    }

    /** @param pipeline the services' properties (the DynamoDB endpoint and region are read from them) */
    static LocalKnowledge start(Map<String, String> pipeline) {
        Path data = ServiceProcess.reactorRoot().resolve("knowledge/data");
        Path home;
        try {
            Files.createDirectories(Path.of("target/local-stack"));
            home = Files.createTempDirectory(Path.of("target/local-stack"), "opensearch-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalOpenSearch node = LocalOpenSearch.start(home);
        try {
            OpenSearchClient client = new OpenSearchClient(node.endpoint(), Duration.ofSeconds(30));
            KnowledgeIngestion.Outcome outcome = new KnowledgeIngestion(client, new MiniLmEmbedder(), Clock.systemUTC()).ingest(data, done -> { });
            if (!(outcome instanceof KnowledgeIngestion.Published published)) {
                throw new IllegalStateException("knowledge ingest did not publish: " + outcome);
            }
            AwsClientDefaults aws = new AwsClientDefaults(pipeline.getOrDefault("aws.region", "us-east-1"), true);
            int seeded;
            try (DynamoDbClient dynamo = aws.configure(DynamoDbClient.builder(), pipeline.get("aws.endpoints.dynamodb")).build()) {
                seeded = LocalOrders.seed(dynamo, ORDERS_TABLE, CatalogReader.read(data.resolve("catalog")).documents(), Clock.systemUTC());
            }
            return new LocalKnowledge(node, home, published.documents(), seeded);
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** What the services are pointed at: the node (unsigned, it is local) and the orders table. */
    Map<String, String> serviceProperties() {
        return Map.of(SettingNames.KNOWLEDGE_SEARCH_ENDPOINT, node.endpoint().toString(), SettingNames.KNOWLEDGE_UNSIGNED, "true",
                SettingNames.ORDERS_TABLE, ORDERS_TABLE);
    }

    URI endpoint() {
        return node.endpoint();
    }

    /**
     * A fresh node on the same port and data directory after the old one died (the fault suite
     * kills it): the index and the alias survive on disk, so nothing is ingested again.
     */
    synchronized void restart() {
        int port = node.process().port();
        node.close();
        node = LocalOpenSearch.start(home, port);
    }

    /** The node's process: the fault suite stops and stalls it. */
    synchronized ServiceProcess process() {
        return node.process();
    }

    String summary() {
        return documents + " documents indexed, " + orders + " orders for " + String.join(", ", LocalOrders.PRINCIPALS);
    }

    @Override
    public void close() {
        node.close();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Left under target/: the next clean removes it.
        }
    }
}
