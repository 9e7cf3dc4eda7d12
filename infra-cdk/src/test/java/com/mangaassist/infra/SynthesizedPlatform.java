package com.mangaassist.infra;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

/**
 * The app synthesized offline as a deploy would run it: the fixture release manifest of the
 * environment, a concrete account and region (ap-northeast-1, whose zones are a, c and d), the
 * zone lookup answered the way cdk.context.json answers it, and the required edge settings. The
 * two presets are synthesized once per test JVM (a synth with cdk-nag takes seconds); variants
 * build their own. Public in the test jar: the integration tests' metric contract reads the same
 * synthesized template.
 */
public final class SynthesizedPlatform {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "ap-northeast-1";
    static final List<String> LOOKED_UP_ZONES = List.of("ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d");
    static final String ZONE_LOOKUP_KEY = "availability-zones:account=" + ACCOUNT + ":region=" + REGION;
    /** The fixture manifests' digests and objects. */
    static final String ORCHESTRATOR_DIGEST = "sha256:0d7a1b0e8a4a2c3f5e6d7c8b9a0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7";
    static final String GPU_DIGEST = "sha256:9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a493827160f5e4d3c2b1a0";
    /** The signed zip Signer wrote (what the function deploys), pinned by version. */
    static final String LAMBDA_KEY = "lambda-overflow/signed/5a0e9a3c-7f47-4b3e-9d0c-2f6b8f1e4a21.zip";
    static final String LAMBDA_VERSION = "Qm2xT7rLk9vB3nW8pZ1cY4hJ6dF0sG5a";
    static final String MODEL_KEY = "models/llama-3-8b-awq/7c6b5a4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b.tar.gz";
    static final String ISSUER = "https://login.example.com/";
    static final String CERTIFICATE = "arn:aws:acm:" + REGION + ":" + ACCOUNT + ":certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
    static final String NLB_HOSTNAME = "orchestrator.internal.example.com";
    /** What an operator passes as -c knowledgeDataPrefix: given without its trailing slash, which the app adds. */
    static final String KNOWLEDGE_DATA_PREFIX = "knowledge/3f9c2a7b41de";

    public record Synthesized(PlatformStack stack, ArtifactsStack artifacts, Template template, Template artifactsTemplate,
                       Annotations annotations, Annotations artifactsAnnotations) {
    }

    private static final Map<String, Synthesized> CACHE = new ConcurrentHashMap<>();

    public static Synthesized of(String env) {
        return CACHE.computeIfAbsent(env, e -> synth(context(e)));
    }

    /** {@code env} deployed with {@code -c knowledgeDataPrefix}: the only synth with the knowledge ingestion task. */
    static Synthesized withKnowledgeData(String env) {
        return CACHE.computeIfAbsent(env + "+knowledgeData", e -> {
            Map<String, Object> context = context(env);
            context.put("knowledgeDataPrefix", KNOWLEDGE_DATA_PREFIX);
            return synth(context);
        });
    }

    /** What a deploy of {@code env} passes, as a mutable map a variant changes. */
    static Map<String, Object> context(String env) {
        Map<String, Object> context = new HashMap<>();
        context.put("env", env);
        context.put("account", ACCOUNT);
        context.put("region", REGION);
        context.put(ZONE_LOOKUP_KEY, LOOKED_UP_ZONES);
        context.put("release", TestReleaseKey.signed(fixture("manifest-" + env + ".json")).toString());
        context.put("releaseKey", TestReleaseKey.publicKeyFile().toString());
        context.put("oidcIssuer", ISSUER);
        context.put("nlbCertificateArn", CERTIFICATE);
        context.put("nlbHostname", NLB_HOSTNAME);
        context.put("apiGatewayAccountRole", "create");
        return context;
    }

    static Path fixture(String name) {
        java.net.URL resource = SynthesizedPlatform.class.getResource("/release/" + name);
        if (resource == null) {
            throw new IllegalStateException("test fixture release/" + name + " is missing");
        }
        try {
            if (resource.getProtocol().equals("file")) {
                return Path.of(resource.toURI());
            }
            // Read from the test jar (another module's tests): the app takes a manifest path, so copy it out.
            Path copy = java.nio.file.Files.createTempFile("manifest-", ".json");
            copy.toFile().deleteOnExit();
            try (java.io.InputStream in = resource.openStream()) {
                java.nio.file.Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        } catch (URISyntaxException | java.io.IOException e) {
            throw new IllegalStateException("test fixture release/" + name + " cannot be read", e);
        }
    }

    /** Builds the app without synthesizing: what refusals are tested on (they stop the build). */
    static MangaAssistApp.Stacks build(Map<String, Object> context) {
        return MangaAssistApp.build(new App(AppProps.builder().context(context).build()));
    }

    static Synthesized synth(Map<String, Object> context) {
        App app = new App(AppProps.builder().context(context).build());
        MangaAssistApp.Stacks stacks = MangaAssistApp.build(app);
        app.synth();
        PlatformStack stack = stacks.platform().orElseThrow(() -> new IllegalStateException("the context names no release"));
        return new Synthesized(stack, stacks.artifacts(), Template.fromStack(stack), Template.fromStack(stacks.artifacts()),
                Annotations.fromStack(stack), Annotations.fromStack(stacks.artifacts()));
    }

    private SynthesizedPlatform() {
    }
}
