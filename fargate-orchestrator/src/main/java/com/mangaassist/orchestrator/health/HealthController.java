package com.mangaassist.orchestrator.health;

import com.mangaassist.orchestrator.admission.TurnAdmission;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import java.util.ArrayList;
import java.util.List;

/**
 * Liveness ({@code /health}: the process answers; the container's HEALTHCHECK) apart from
 * readiness ({@code /ready}: dependencies reachable and not draining; the NLB's health check), so a
 * task whose DynamoDB is briefly unreachable leaves the target group instead of being killed.
 */
@Controller
public class HealthController {

    private final DependencyProbe dependencies;
    private final TurnAdmission admission;

    public HealthController(DependencyProbe dependencies, TurnAdmission admission) {
        this.dependencies = dependencies;
        this.admission = admission;
    }

    @Get("/health")
    @Produces(MediaType.APPLICATION_JSON)
    public String health() {
        return "{\"status\":\"UP\"}";
    }

    @Get("/ready")
    @Produces(MediaType.APPLICATION_JSON)
    public HttpResponse<String> ready() {
        List<String> reasons = new ArrayList<>();
        if (admission.draining()) {
            reasons.add("draining");
        }
        dependencies.failing().forEach(name -> reasons.add("unreachable: " + name));
        if (reasons.isEmpty()) {
            return HttpResponse.ok("{\"status\":\"READY\"}");
        }
        StringBuilder body = new StringBuilder("{\"status\":\"NOT_READY\",\"reasons\":[");
        for (int i = 0; i < reasons.size(); i++) {
            body.append(i == 0 ? "" : ",").append('"').append(reasons.get(i).replace("\"", "'")).append('"');
        }
        return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE).body(body.append("]}").toString());
    }
}
