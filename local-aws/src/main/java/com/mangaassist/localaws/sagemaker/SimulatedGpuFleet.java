package com.mangaassist.localaws.sagemaker;

import com.mangaassist.localaws.process.ServiceProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One gpu-endpoint process with the simulated GPU engine behind the local SageMaker runtime, which
 * routes both model tiers to it, as the turn pipeline reaches it in AWS. Ready when the runtime
 * reports the endpoint {@code InService} (its own poll saw the instance warm), so no test request
 * meets a cold instance.
 */
public final class SimulatedGpuFleet implements AutoCloseable {

    /** The endpoint names the pipeline's defaults use for the two model tiers. */
    public static final List<String> ENDPOINTS = List.of("mangaassist-small", "mangaassist-large");

    private final ServiceProcess process;
    private final LocalSageMakerRuntime runtime;

    private SimulatedGpuFleet(ServiceProcess process, LocalSageMakerRuntime runtime) {
        this.process = process;
        this.runtime = runtime;
    }

    /**
     * @param maxNumSeqs     the engine's batch limit; small values make the GPU the bottleneck
     * @param decodePerToken simulated decode time per generated token
     */
    public static SimulatedGpuFleet start(String name, int maxNumSeqs, Duration decodePerToken) {
        return start(name, maxNumSeqs, decodePerToken, Map.of());
    }

    public static SimulatedGpuFleet start(String name, int maxNumSeqs, Duration decodePerToken, Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>(Map.of(
                "gpu-endpoint.simulated.load-time", "0s",
                "gpu-endpoint.simulated.first-shape-cost", "0s",
                "gpu-endpoint.simulated.prefill-per-token", "0s",
                "gpu-endpoint.simulated.decode-per-token", decodePerToken.toMillis() + "ms",
                "gpu-endpoint.simulated.max-num-seqs", Integer.toString(maxNumSeqs),
                // Two short shapes: readiness gating stays real, startup stays quick.
                "gpu-endpoint.warmup.manifest", quickWarmupManifest().toString()));
        props.putAll(overrides);
        ServiceProcess process = ServiceProcess.start(name, "gpu-endpoint", "com.mangaassist.gpu.GpuEndpointApplication", List.of("serve"), props);
        LocalSageMakerRuntime runtime = LocalSageMakerRuntime.start(0, routesTo(List.of(process.uri(""))), Duration.ofMillis(100));
        try {
            awaitInService(runtime, process, Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            runtime.close();
            process.close();
            throw e;
        }
        return new SimulatedGpuFleet(process, runtime);
    }

    /** Both model tiers routed to the same instances, as the local stack runs them. */
    public static Map<String, List<URI>> routesTo(List<URI> instances) {
        Map<String, List<URI>> routes = new HashMap<>();
        ENDPOINTS.forEach(endpoint -> routes.put(endpoint, List.copyOf(instances)));
        return routes;
    }

    /** Waits until the runtime routes to at least one warm instance of the small tier. */
    static void awaitInService(LocalSageMakerRuntime runtime, ServiceProcess instance, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (runtime.readyInstances(ENDPOINTS.get(0)) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(instance + " not in service within " + timeout + ":\n" + instance.tail());
            }
            instance.assertAlive();
            pause();
        }
    }

    /** Where a SageMaker runtime client's endpoint override points. */
    public String runtimeEndpoint() {
        return runtime.endpoint().toString();
    }

    /** A two-shape warmup manifest (readiness gating stays real, start-up stays quick), as a temporary file. */
    public static Path quickWarmupManifest() {
        try (InputStream in = SimulatedGpuFleet.class.getResourceAsStream("warmup-quick.json")) {
            Path file = Files.createTempFile("warmup-quick", ".json");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        runtime.close();
        process.close();
    }
}
