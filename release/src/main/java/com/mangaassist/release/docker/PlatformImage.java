package com.mangaassist.release.docker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The platform's two images: where their Dockerfile is, what the build needs packaged, and their build arguments. */
public enum PlatformImage {
    ORCHESTRATOR("orchestrator", "fargate-orchestrator"),
    GPU_ENDPOINT("gpu-endpoint", "gpu-endpoint");

    private final String shortName;
    private final String module;

    PlatformImage(String shortName, String module) {
        this.shortName = shortName;
        this.module = module;
    }

    /** The image's name in a release's repositories: {@code mangaassist-<environment>-<name>}. */
    public String repositoryName(String environment) {
        return "mangaassist-" + environment + "-" + shortName;
    }

    public Path dockerfile(Path repositoryRoot) {
        return repositoryRoot.resolve(module).resolve("Dockerfile");
    }

    /** Fails with what to run when the jars the image is assembled from were not built. */
    public void requirePackaged(Path repositoryRoot) {
        Path lib = repositoryRoot.resolve(module).resolve("target/lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(module + " is not packaged (no " + lib + "): run `mvn -B -ntp package -DskipTests` first");
        }
    }

    /** The build arguments this image takes from a set of pinned bases. */
    public Map<String, String> buildArgs(ImageBases bases) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("JDK_IMAGE", bases.jdk());
        if (this == GPU_ENDPOINT) {
            args.put("RUNTIME_IMAGE", bases.gpuRuntime());
            args.put("ENGINE", bases.simulatedGpu() ? "simulated" : "openai");
            args.put("VARIANT", bases.simulatedGpu() ? "local: simulated GPU engine on a Debian base" : "production: vLLM base");
        }
        return args;
    }
}
