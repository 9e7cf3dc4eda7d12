package com.mangaassist.localsearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * A real single-node OpenSearch on 127.0.0.1, for local runs and tests (never deployed):
 * {@code OpenSearchNode <http port> <home dir>}. The modules and plugins an OpenSearch Service
 * domain has for our mapping: Netty transport, common analysis, Painless, k-NN (its Lucene engine:
 * the zip served here has no native libraries, so faiss and nmslib cannot run, and the mapping
 * uses Lucene's HNSW, which the service supports too) and kuromoji. Prints
 * {@value #STARTED} once it answers.
 */
public final class OpenSearchNode extends Node {

    public static final String STARTED = "local OpenSearch node started";

    private OpenSearchNode(Settings settings, List<Class<? extends Plugin>> plugins) {
        super(InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "local"), plugins, true);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: OpenSearchNode <http port> <home dir>");
            System.exit(2);
        }
        Path home = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        Settings settings = Settings.builder()
                .put("cluster.name", "mangaassist-local")
                .put("node.name", "local")
                .put("path.home", home.toString())
                .put("path.data", home.resolve("data").toString())
                .put("path.logs", home.resolve("logs").toString())
                .put("network.host", "127.0.0.1")
                .put("http.port", args[0])
                .put("transport.port", "0")
                .put("discovery.type", "single-node")
                // A developer's disk is often fuller than a server's: never turn the local index read-only for it.
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .put("action.auto_create_index", false)
                .build();
        Node node = new OpenSearchNode(settings, plugins());
        node.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
        }, "opensearch-shutdown"));
        System.out.println(STARTED + " on http://127.0.0.1:" + args[0]);
        Thread.currentThread().join();
    }

    @SuppressWarnings("unchecked")
    private static List<Class<? extends Plugin>> plugins() throws ClassNotFoundException {
        List<Class<? extends Plugin>> plugins = new ArrayList<>(List.of(Netty4Plugin.class, CommonAnalysisPlugin.class,
                PainlessPlugin.class, KuromojiAnalysisPlugin.class));
        // The k-NN plugin ships only inside its zip (target/opensearch-knn, on the class path the launcher builds).
        plugins.add((Class<? extends Plugin>) Class.forName("org.opensearch.knn.plugin.KNNPlugin"));
        return plugins;
    }
}
