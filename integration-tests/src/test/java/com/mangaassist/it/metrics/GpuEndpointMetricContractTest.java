package com.mangaassist.it.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.infra.SynthesizedPlatform;
import com.mangaassist.infra.observability.MetricRead;
import com.mangaassist.infra.observability.MetricReads;
import com.mangaassist.localaws.process.LoopbackPorts;
import com.mangaassist.localaws.process.ServiceProcess;
import com.mangaassist.shared.contract.MetricNames;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The GPU front's side of the metric contract, as CloudWatch would see it in AWS: a gpu-endpoint
 * process started with the environment the stack gives its SageMaker model, in front of a model
 * server that answers every generation with a CUDA out-of-memory error, so its warmup trips the
 * OOM breaker, escalates, and fails the start (the three things the GPU alarms watch), and whose
 * {@code /metrics} shows vLLM's gauges, which the endpoint reports as its engine signals; its log is
 * then read through the stack's own metric filters. Every GPU metric the stack reads must come out
 * under the same dimensions and the same deployment.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GpuEndpointMetricContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** vLLM's own gauges as its /metrics shows them, near the design's alarm thresholds (what the engine signals carry). */
    private static final String VLLM_METRICS = """
            vllm:num_requests_running{model_name="m"} 31.0
            vllm:num_requests_waiting{model_name="m"} 52.0
            vllm:gpu_cache_usage_perc{model_name="m"} 0.96
            vllm:num_preemptions_total{model_name="m"} 12.0
            """;
    private static final String OOM = "{\"object\":\"error\",\"message\":\"CUDA out of memory. Tried to allocate 1.50 GiB\",\"code\":500}";

    private final Map<String, Object> template = SynthesizedPlatform.of("dev").template().toJSON();
    private final List<MetricRead> reads = MetricReads.of(template).stream()
            .filter(r -> r.namespace().equals(MetricNames.GPU_NAMESPACE)).toList();
    private HttpServer modelServer;
    private ServiceProcess endpoint;
    private int exitCode;

    @BeforeAll
    void runTheEndpointIntoItsFailures() throws IOException {
        modelServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        modelServer.createContext("/v1/models", exchange -> answer(exchange, 200, "{\"object\":\"list\",\"data\":[]}"));
        java.util.concurrent.atomic.AtomicInteger completions = new java.util.concurrent.atomic.AtomicInteger();
        modelServer.createContext("/v1/chat/completions", exchange -> {
            // Each failure a second apart, so the engine signals (every second here) are read while the warmup fails.
            pause(Duration.ofSeconds(1));
            if (completions.incrementAndGet() == 1) {
                // The first warmup request is answered, so a signals event carries this instance's time to first token.
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                answer(exchange, 200, "data: {\"choices\":[{\"delta\":{\"content\":\"ok\"},\"finish_reason\":null}]}\n\n"
                        + "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
                return;
            }
            answer(exchange, 500, OOM);
        });
        java.util.concurrent.atomic.AtomicInteger scrapes = new java.util.concurrent.atomic.AtomicInteger();
        // The prefix-cache counters grow between scrapes, as a serving vLLM's do: each signals event has a hit rate to carry.
        modelServer.createContext("/metrics", exchange -> {
            int n = scrapes.incrementAndGet();
            answer(exchange, 200, VLLM_METRICS + "vllm:prefix_cache_queries_total{model_name=\"m\"} " + 1000.0 * n + "\n"
                    + "vllm:prefix_cache_hits_total{model_name=\"m\"} " + 400.0 * n + "\n");
        });
        modelServer.createContext("/", exchange -> answer(exchange, 404, "{}"));
        modelServer.start();

        Map<String, String> environment = new HashMap<>(modelEnvironment());
        // What the image adds (gpu-endpoint/Dockerfile), with the model server here instead of vLLM on port 8000.
        environment.put("GPU_ENDPOINT_OPENAI_MODEL", "/opt/ml/model");
        environment.put("GPU_ENDPOINT_OPENAI_BASE_URL", "http://127.0.0.1:" + modelServer.getAddress().getPort());
        environment.put("GPU_ENDPOINT_SIGNALS_INTERVAL", "1s");
        endpoint = ServiceProcess.start("gpu-endpoint-metric-contract", "gpu-endpoint", List.of(), "com.mangaassist.gpu.GpuEndpointApplication",
                List.of("serve"), Map.of(), environment, LoopbackPorts.free());
        exitCode = endpoint.awaitExit(Duration.ofSeconds(90));
    }

    @AfterAll
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (modelServer != null) {
            modelServer.stop(0);
        }
    }

    @Test
    void gpuFront_whenItFailsTheWayTheAlarmsWatchFor_publishesEveryGpuMetricTheStackReads() {
        assertThat(exitCode).as("a warmup that cannot succeed ends the process with 1; log:%n%s", endpoint.tail()).isEqualTo(1);
        assertThat(reads).extracting(MetricRead::metricName)
                .contains(MetricNames.OOM_ESCALATION, MetricNames.OOM_TRIPS, MetricNames.WARMUP_FAILURES, MetricNames.ENGINE_KV_CACHE_USAGE,
                        MetricNames.ENGINE_REQUESTS_WAITING, MetricNames.ENGINE_REQUESTS_RUNNING, MetricNames.ENGINE_PREEMPTIONS);

        assertThat(MetricContract.unmet(reads, published())).as("log:%n%s", endpoint.tail()).isEmpty();
    }

    @Test
    void contract_whenTheStackReadsAnotherDeploymentThanTheEndpointIsTold_namesEveryReadAndBothDeployments() {
        // The same reads (the tier dimension included) under another deployment.
        List<MetricRead> prodReads = reads.stream().map(r -> {
            TreeMap<String, String> dimensions = new TreeMap<>(r.dimensions());
            dimensions.put(MetricNames.DEPLOYMENT, "MangaAssist-prod");
            return new MetricRead(r.namespace(), r.metricName(), dimensions, r.statistic(), r.readBy());
        }).toList();

        assertThat(MetricContract.unmet(prodReads, published())).hasSameSizeAs(prodReads)
                .allSatisfy(unmet -> assertThat(unmet).contains("{deployment=MangaAssist-prod}", "[{deployment=MangaAssist-dev}]"));
    }

    @Test
    void contract_whenTheFiltersPublishWithoutTheDeployment_findsEveryGpuReadUnpublished() {
        // The filters as they were before issue 25: no dimensions. The alarms read under the deployment, so nothing they read exists.
        List<LogMetricFilters.Filter> undimensioned = LogMetricFilters.in(template).stream().map(f -> new LogMetricFilters.Filter(f.id(),
                f.pattern(), f.namespace(), f.metricName(), f.value(), Map.of(), f.unit())).toList();

        assertThat(MetricContract.unmet(reads, LogMetricFilters.publishedBy(undimensioned, endpoint.log()))).hasSameSizeAs(reads)
                .allSatisfy(unmet -> assertThat(unmet).contains("is never published"));
    }

    private List<PublishedMetric> published() {
        return LogMetricFilters.publishedBy(LogMetricFilters.in(template), endpoint.log());
    }

    /** The environment the stack gives the endpoint's SageMaker model (its only model). */
    private Map<String, String> modelEnvironment() {
        Map<String, String> environment = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> resources = JSON.valueToTree(template).path("Resources").fields();
        while (resources.hasNext()) {
            JsonNode resource = resources.next().getValue();
            if (resource.path("Type").asText().equals("AWS::SageMaker::Model")) {
                resource.path("Properties").path("PrimaryContainer").path("Environment").fields()
                        .forEachRemaining(variable -> environment.put(variable.getKey(), variable.getValue().asText()));
            }
        }
        assertThat(environment).as("the model's environment").isNotEmpty();
        return environment;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
