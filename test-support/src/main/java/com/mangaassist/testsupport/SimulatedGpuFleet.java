package com.mangaassist.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One gpu-endpoint process with the simulated GPU engine that also serves the local SageMaker
 * runtime path for both model tiers (routed to itself), as the turn pipeline reaches it in AWS.
 * Ready when the runtime reports the endpoint {@code InService} (its own poll saw the instance
 * warm), so no test request meets a cold instance.
 */
public final class SimulatedGpuFleet implements AutoCloseable {

    private final ServiceProcess process;

    private SimulatedGpuFleet(ServiceProcess process) {
        this.process = process;
    }

    /**
     * @param maxNumSeqs     the engine's batch limit; small values make the GPU the bottleneck
     * @param decodePerToken simulated decode time per generated token
     */
    public static SimulatedGpuFleet start(String name, int maxNumSeqs, Duration decodePerToken) {
        return start(name, maxNumSeqs, decodePerToken, Map.of());
    }

    public static SimulatedGpuFleet start(String name, int maxNumSeqs, Duration decodePerToken, Map<String, String> overrides) {
        String self = "http://127.0.0.1:${micronaut.server.port}";
        Map<String, String> props = new HashMap<>(Map.of(
                "gpu-endpoint.simulated.load-time", "0s",
                "gpu-endpoint.simulated.first-shape-cost", "0s",
                "gpu-endpoint.simulated.prefill-per-token", "0s",
                "gpu-endpoint.simulated.decode-per-token", decodePerToken.toMillis() + "ms",
                "gpu-endpoint.simulated.max-num-seqs", Integer.toString(maxNumSeqs),
                // Two short shapes: readiness gating stays real, startup stays quick.
                "gpu-endpoint.warmup.manifest", quickWarmupManifest().toString(),
                "sagemaker-runtime.ping-interval", "100ms",
                "sagemaker-runtime.routes", "mangaassist-small=" + self + ";mangaassist-large=" + self));
        props.putAll(overrides);
        ServiceProcess process = ServiceProcess.start(name, "gpu-endpoint", "com.mangaassist.gpu.GpuEndpointApplication", List.of("serve"), props);
        process.awaitReady("/endpoints/mangaassist-small", Duration.ofSeconds(60), body -> body.contains("\"InService\""));
        return new SimulatedGpuFleet(process);
    }

    /** Where a SageMaker runtime client's endpoint override points. */
    public String runtimeEndpoint() {
        return process.uri("").toString();
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

    @Override
    public void close() {
        process.close();
    }
}
