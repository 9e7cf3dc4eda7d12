package com.mangaassist.orchestrator;

import com.mangaassist.testsupport.ServiceProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One gpu-endpoint process with the simulated GPU engine that also serves the local SageMaker
 * runtime path for both model tiers (routed to itself), as the orchestrator reaches it in AWS.
 */
final class SimulatedGpuFleet implements AutoCloseable {

    private final ServiceProcess process;

    private SimulatedGpuFleet(ServiceProcess process) {
        this.process = process;
    }

    /** @param maxNumSeqs the engine's batch limit; small values make the GPU the bottleneck */
    static SimulatedGpuFleet start(String name, int maxNumSeqs, Duration decodePerToken) {
        String self = "http://127.0.0.1:${micronaut.server.port}";
        ServiceProcess process = ServiceProcess.start(name, "gpu-endpoint", "com.mangaassist.gpu.GpuEndpointApplication", List.of("serve"),
                Map.of("gpu-endpoint.simulated.load-time", "0s",
                        "gpu-endpoint.simulated.first-shape-cost", "0s",
                        "gpu-endpoint.simulated.prefill-per-token", "0s",
                        "gpu-endpoint.simulated.decode-per-token", decodePerToken.toMillis() + "ms",
                        "gpu-endpoint.simulated.max-num-seqs", Integer.toString(maxNumSeqs),
                        "sagemaker-runtime.ping-interval", "100ms",
                        "sagemaker-runtime.routes", "mangaassist-small=" + self + ";mangaassist-large=" + self));
        process.awaitReady("/endpoints/mangaassist-small", Duration.ofSeconds(60));
        awaitInService(process);
        return new SimulatedGpuFleet(process);
    }

    private static void awaitInService(ServiceProcess process) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        while (System.nanoTime() < deadline) {
            try {
                String body = http.send(java.net.http.HttpRequest.newBuilder(process.uri("/endpoints/mangaassist-small")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                if (body.contains("\"InService\"")) {
                    return;
                }
                Thread.sleep(100);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("gpu-endpoint never went InService:\n" + process.tail());
    }

    String runtimeEndpoint() {
        return process.uri("").toString();
    }

    @Override
    public void close() {
        process.close();
    }
}
