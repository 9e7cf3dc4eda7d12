package com.mangaassist.shared.model;

import java.util.Objects;

/** A SageMaker endpoint serving one model tier. */
public record EndpointTarget(String endpointName, int contextWindow, int maxOutputTokens) {

    public EndpointTarget {
        Objects.requireNonNull(endpointName, "endpointName");
        if (contextWindow < 64 || maxOutputTokens < 1 || maxOutputTokens >= contextWindow) {
            throw new IllegalArgumentException("need contextWindow >= 64 and 0 < maxOutputTokens < contextWindow");
        }
    }
}
