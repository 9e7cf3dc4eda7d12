package com.mangaassist.gpu.runtime;

import static org.awaitility.Awaitility.await;

import com.mangaassist.gpu.http.EndpointServer;
import com.mangaassist.testsupport.LoopbackPorts;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Two local endpoint instances behind the local SageMaker runtime path: a warm one that also serves
 * the runtime routes, and a cold one that never becomes ready (10-minute load). Routes:
 * {@code mangaassist-small} → cold and warm (only the warm one may ever get traffic),
 * {@code cold-only} → the cold one (no ready instance at all).
 */
final class LocalRuntimeFixture implements AutoCloseable {

    final EndpointServer warm;
    final EndpointServer cold;

    private LocalRuntimeFixture(EndpointServer warm, EndpointServer cold) {
        this.warm = warm;
        this.cold = cold;
    }

    static LocalRuntimeFixture start() {
        int warmPort = LoopbackPorts.free();
        int coldPort = LoopbackPorts.free();
        EndpointServer cold = EndpointServer.start(Map.of("micronaut.server.port", coldPort, "gpu-endpoint.simulated.load-time", "10m"));
        EndpointServer warm = EndpointServer.start(Map.of("micronaut.server.port", warmPort, "sagemaker-runtime.ping-interval", "100ms",
                "sagemaker-runtime.routes", "mangaassist-small=http://127.0.0.1:" + coldPort + ",http://127.0.0.1:" + warmPort
                        + ";cold-only=http://127.0.0.1:" + coldPort));
        // Routing follows the runtime's own poll of /ping, so wait for the runtime's view, not the instance's.
        await().atMost(Duration.ofSeconds(20)).until(() -> warm.get("/endpoints/mangaassist-small").body().contains("\"ReadyInstanceCount\":1"));
        return new LocalRuntimeFixture(warm, cold);
    }

    /** Where an SDK client's endpoint override points. */
    URI runtimeEndpoint() {
        return URI.create("http://127.0.0.1:" + warm.port());
    }


    @Override
    public void close() {
        warm.close();
        cold.close();
    }
}
