package com.mangaassist.pipeline.inference;

import static org.awaitility.Awaitility.await;

import com.mangaassist.localaws.process.ServiceProcess;
import com.mangaassist.localaws.sagemaker.LocalSageMakerRuntime;
import com.mangaassist.localaws.sagemaker.SimulatedGpuFleet;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Two gpu-endpoint processes behind the local SageMaker runtime: a warm one and a cold one that
 * never becomes ready (10-minute load). Routes: {@code mangaassist-small} → cold and warm (only
 * the warm one may ever get traffic), {@code cold-only} → the cold one (no ready instance at all).
 */
final class LocalRuntimeFixture implements AutoCloseable {

    private final ServiceProcess warm;
    private final ServiceProcess cold;
    private final LocalSageMakerRuntime runtime;

    private LocalRuntimeFixture(ServiceProcess warm, ServiceProcess cold, LocalSageMakerRuntime runtime) {
        this.warm = warm;
        this.cold = cold;
        this.runtime = runtime;
    }

    static LocalRuntimeFixture start() {
        String manifest = SimulatedGpuFleet.quickWarmupManifest().toString();
        ServiceProcess cold = ServiceProcess.start("gpu-cold", "gpu-endpoint", "com.mangaassist.gpu.GpuEndpointApplication", List.of("serve"),
                Map.of("gpu-endpoint.simulated.load-time", "10m"));
        ServiceProcess warm = ServiceProcess.start("gpu-warm", "gpu-endpoint", "com.mangaassist.gpu.GpuEndpointApplication", List.of("serve"),
                Map.of("gpu-endpoint.simulated.load-time", "0s", "gpu-endpoint.warmup.manifest", manifest)).awaitReady("/ping", Duration.ofMinutes(1));
        LocalSageMakerRuntime runtime = LocalSageMakerRuntime.start(0, Map.of("mangaassist-small", List.of(cold.uri(""), warm.uri("")),
                "cold-only", List.of(cold.uri(""))), Duration.ofMillis(100));
        // Routing follows the runtime's own poll of /ping, so wait for the runtime's view, not the instance's.
        await().atMost(Duration.ofSeconds(20)).until(() -> runtime.readyInstances("mangaassist-small") == 1);
        return new LocalRuntimeFixture(warm, cold, runtime);
    }

    /** Where an SDK client's endpoint override points. */
    URI runtimeEndpoint() {
        return runtime.endpoint();
    }

    @Override
    public void close() {
        runtime.close();
        warm.close();
        cold.close();
    }
}
