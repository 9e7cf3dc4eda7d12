package com.mangaassist.infra.observability;

import com.mangaassist.shared.domain.ModelTier;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.cloudwatch.Alarm;

/**
 * What observability watches of one model tier's endpoint: its name (SageMaker's own metrics), its
 * tier (the log-derived metrics' dimension) and the alarms the endpoint made for itself, which page
 * the alarm topic as well as rolling back or scaling the endpoint.
 */
public record WatchedEndpoint(ModelTier tier, String endpointName, List<Alarm> alarms) {

    public WatchedEndpoint {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(endpointName, "endpointName");
        alarms = List.copyOf(alarms);
    }
}
