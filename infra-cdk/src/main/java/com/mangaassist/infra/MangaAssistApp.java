package com.mangaassist.infra;

import com.mangaassist.infra.config.EnvironmentConfig;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * {@code cdk synth|diff|deploy -c env=dev|prod [-c orchestratorImageDigest=sha256:...]
 * [-c gpuEndpointImageDigest=sha256:...] [-c lambdaArtifactBucket=... -c lambdaArtifactKey=...]
 * [-c account=... -c region=...]}; account and region default to the CLI profile's.
 * cdk-nag's AWS Solutions checks run on every synth.
 */
public final class MangaAssistApp {

    private MangaAssistApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    static MangaAssistStack build(App app) {
        String env = context(app, "env", "dev");
        EnvironmentConfig config = EnvironmentConfig.named(env);
        config = config.withImages(context(app, "orchestratorImageDigest", config.orchestratorImage()),
                context(app, "gpuEndpointImageDigest", config.gpuEndpointImage()));
        config = config.withLambdaArtifact(new EnvironmentConfig.LambdaArtifact(
                context(app, "lambdaArtifactBucket", config.lambdaArtifact().bucket()),
                context(app, "lambdaArtifactKey", config.lambdaArtifact().key())));
        MangaAssistStack stack = new MangaAssistStack(app, "MangaAssist-" + env, StackProps.builder()
                .env(Environment.builder().account(context(app, "account", System.getenv("CDK_DEFAULT_ACCOUNT")))
                        .region(context(app, "region", System.getenv("CDK_DEFAULT_REGION"))).build())
                .terminationProtection(config.retainData())
                .description("MangaAssist hybrid chat platform (" + env + ")")
                .build(), config);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }

    private static String context(App app, String key, String fallback) {
        Object value = app.getNode().tryGetContext(key);
        return value == null ? fallback : value.toString();
    }
}
