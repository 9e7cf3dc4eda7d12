package com.mangaassist.orchestrator;

import com.mangaassist.service.ServiceLauncher;

/** The Fargate task's entry point: the API Gateway integration service on port 8080. */
public final class OrchestratorApplication {

    private OrchestratorApplication() {
    }

    public static void main(String[] args) {
        ServiceLauncher.start("fargate-orchestrator", OrchestratorApplication.class, args);
    }
}
