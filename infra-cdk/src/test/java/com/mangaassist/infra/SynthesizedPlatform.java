package com.mangaassist.infra;

import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

/**
 * The app synthesized offline once per environment and test JVM (a synth with cdk-nag takes
 * seconds), with example digests and an account and region so ARNs render.
 */
final class SynthesizedPlatform {

    static final String ORCHESTRATOR_DIGEST = "sha256:" + "a".repeat(64);
    static final String GPU_DIGEST = "sha256:" + "b".repeat(64);

    record Synthesized(MangaAssistStack stack, Template template, Annotations annotations) {
    }

    private static final Map<String, Synthesized> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    static Synthesized of(String env) {
        return CACHE.computeIfAbsent(env, SynthesizedPlatform::synth);
    }

    private static Synthesized synth(String env) {
        App app = new App(AppProps.builder().context(Map.of(
                "env", env,
                "account", "123456789012",
                "region", "us-east-1",
                "orchestratorImageDigest", ORCHESTRATOR_DIGEST,
                "gpuEndpointImageDigest", GPU_DIGEST,
                "lambdaArtifactKey", "lambda-overflow/" + "c".repeat(64) + ".zip")).build());
        MangaAssistStack stack = MangaAssistApp.build(app);
        app.synth();
        return new Synthesized(stack, Template.fromStack(stack), Annotations.fromStack(stack));
    }

    private SynthesizedPlatform() {
    }
}
