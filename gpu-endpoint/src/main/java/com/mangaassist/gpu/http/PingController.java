package com.mangaassist.gpu.http;

import com.mangaassist.gpu.lifecycle.EndpointLifecycle;
import com.mangaassist.gpu.lifecycle.PingStatus;
import com.mangaassist.shared.wire.WireJson;
import com.mangaassist.shared.wire.WireLimits;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SageMaker's health check: 200 only when traffic-ready, otherwise 503 with the state, warmup
 * progress and reasons. Answers from memory on the event loop, so it is fast in every state.
 */
@Controller
public class PingController {

    private static final WireJson JSON = WireJson.create(WireLimits.defaults());

    private final EndpointLifecycle lifecycle;

    public PingController(EndpointLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Get(value = "/ping", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> ping() {
        PingStatus status = lifecycle.ping();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status.ready() ? "ready" : "unavailable");
        body.put("state", status.state().name());
        body.put("warmup", Map.of("completed", status.warmupCompleted(), "total", status.warmupTotal()));
        if (!status.ready()) {
            body.put("reasons", status.reasons());
        }
        return HttpResponse.status(status.ready() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(JSON.write(body));
    }
}
