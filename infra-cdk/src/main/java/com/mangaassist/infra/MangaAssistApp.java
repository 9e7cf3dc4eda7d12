package com.mangaassist.infra;

import com.mangaassist.infra.config.ContextKeys;
import com.mangaassist.infra.config.ContextReader;
import com.mangaassist.infra.config.EnvironmentConfig;
import com.mangaassist.infra.config.PlatformContext;
import com.mangaassist.infra.release.ReleaseManifestFile;
import com.mangaassist.releasecontract.ReleaseManifest;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;

/**
 * {@code cdk synth|diff|deploy -c env=dev|prod [...]}: the artifacts stack
 * {@code MangaAssist-<env>-artifacts} always, and the platform stack {@code MangaAssist-<env>}
 * from {@code -c release=<manifest.json>}. Without a release the platform stack is an empty
 * stack carrying one error, so the artifacts stack still synthesizes and deploys on its own while
 * any synth or deploy of the platform stops with the sentence that says what to pass. Every
 * context key is in {@link ContextKeys} and infra-cdk/README.md. cdk-nag's AWS Solutions checks
 * run on every synth.
 */
public final class MangaAssistApp {

    private MangaAssistApp() {
    }

    /** The stacks of one synth; the platform is absent when no release was given. */
    public record Stacks(ArtifactsStack artifacts, Optional<PlatformStack> platform) {
    }

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    /**
     * Adds the stacks the app's context asks for (and cdk-nag) to {@code app}; public so a contract
     * test elsewhere can synthesize the template it reads with {@code MetricReads}.
     */
    public static Stacks build(App app) {
        ContextReader context = ContextReader.of(app.getNode());
        String env = context.text(ContextKeys.ENV).orElse("dev");
        EnvironmentConfig preset = EnvironmentConfig.named(env);
        Environment where = Environment.builder()
                .account(context.text(ContextKeys.ACCOUNT).orElse(System.getenv("CDK_DEFAULT_ACCOUNT")))
                .region(context.text(ContextKeys.REGION).orElse(System.getenv("CDK_DEFAULT_REGION")))
                .build();
        ArtifactsStack artifacts = new ArtifactsStack(app, "MangaAssist-" + env + "-artifacts",
                props(where, preset, "MangaAssist release artifacts (" + env + "): image repositories, artifact bucket, signing profile"),
                env, preset.retainData());

        String platformName = "MangaAssist-" + env;
        StackProps platformProps = props(where, preset, "MangaAssist hybrid chat platform (" + env + ")");
        Optional<PlatformStack> platform = context.text(ContextKeys.RELEASE).map(path -> {
            PlatformContext platformContext = PlatformContext.read(context, preset, platformName);
            ReleaseManifest manifest = ReleaseManifestFile.read(Path.of(path), context.text(ContextKeys.RELEASE_KEY).map(Path::of).orElse(null));
            return new PlatformStack(app, platformName, platformProps, platformContext, manifest, path);
        });
        if (platform.isEmpty()) {
            Stack placeholder = new Stack(app, platformName, platformProps);
            Annotations.of(placeholder).addError(platformName + " needs -c release=<signed manifest> written by `release promote` "
                    + "and -c releaseKey=<release key .pub> (java -jar release/target/release.jar build, sign, promote --to " + env
                    + "): the platform deploys only what a promoted release manifest names.");
        }
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return new Stacks(artifacts, platform);
    }

    private static StackProps props(Environment where, EnvironmentConfig preset, String description) {
        return StackProps.builder().env(where).terminationProtection(preset.retainData()).description(description).build();
    }
}
