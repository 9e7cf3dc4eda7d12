package com.mangaassist.orchestrator;

import io.micronaut.runtime.Micronaut;

/** The Fargate task's entry point: the API Gateway integration service on port 8080. */
public final class OrchestratorApplication {

    private OrchestratorApplication() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(OrchestratorApplication.class).banner(false).start();
    }
}
