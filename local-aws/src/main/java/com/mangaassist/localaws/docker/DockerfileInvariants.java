package com.mangaassist.localaws.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rules every image of the platform keeps, checked from its Dockerfile before any image is
 * built: a build stage apart from the runtime stage, base images pinned by digest (or
 * {@code scratch}), a non-root runtime user, no secrets in ENV or ARG, a HEALTHCHECK on the
 * service's own path, no {@code # syntax=} line, and no compiling or testing inside the build
 * (the image holds the jars CI already built and tested). The container tests prove the rest on
 * the built image.
 */
public final class DockerfileInvariants {

    private static final Pattern DIGEST = Pattern.compile(".+@sha256:[0-9a-f]{64}");
    private static final Pattern BUILD_TOOLS = Pattern.compile("(^|[\\s;&|])(mvn|mvnw|gradle|gradlew|javac)(\\s|$)");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(secret|password|passwd|token|api_?key|access_?key|credential).*");

    private DockerfileInvariants() {
    }

    /** Every rule the Dockerfile breaks, as readable sentences; empty when it keeps them all. */
    public static List<String> violations(DockerfileModel dockerfile, String healthPath) {
        List<String> violations = new ArrayList<>();
        if (dockerfile.stages().size() < 2 || !"runtime".equals(dockerfile.last().name())) {
            violations.add("needs a build stage and a last stage named 'runtime'");
        }
        if (dockerfile.last().all("RUN").stream().anyMatch(run -> run.arguments().contains("mvn"))) {
            violations.add("the runtime stage must not build");
        }
        Set<String> argsWithoutDefault = dockerfile.preamble().stream().filter(i -> i.keyword().equals("ARG"))
                .map(DockerfileModel.Instruction::arguments).filter(a -> !a.contains("=")).collect(Collectors.toSet());
        List<String> earlier = new ArrayList<>();
        for (DockerfileModel.Stage stage : dockerfile.stages()) {
            Matcher arg = Pattern.compile("\\$\\{?(\\w+)}?").matcher(stage.base());
            boolean pinned = DIGEST.matcher(stage.base()).matches() || earlier.contains(stage.base()) || "scratch".equals(stage.base())
                    || (arg.matches() && argsWithoutDefault.contains(arg.group(1)));
            if (!pinned) {
                violations.add("base '" + stage.base() + "' must be a digest, an earlier stage, or a build arg with no (mutable) default");
            }
            if (stage.name() != null) {
                earlier.add(stage.name());
            }
        }
        List<DockerfileModel.Instruction> users = dockerfile.last().all("USER");
        if (users.isEmpty() || Set.of("root", "0").contains(users.get(users.size() - 1).arguments().split(":")[0])) {
            violations.add("the runtime stage must run as a non-root USER");
        }
        List<DockerfileModel.Instruction> all = new ArrayList<>(dockerfile.preamble());
        dockerfile.stages().forEach(s -> all.addAll(s.instructions()));
        for (DockerfileModel.Instruction i : all) {
            if (i.keyword().equals("ENV") || i.keyword().equals("ARG")) {
                for (String assignment : i.arguments().split("\\s+")) {
                    if (SECRET_NAME.matcher(assignment.split("=")[0]).matches()) {
                        violations.add(i.keyword() + " " + assignment + " looks like a secret baked into the image");
                    }
                }
            }
        }
        List<DockerfileModel.Instruction> checks = dockerfile.last().all("HEALTHCHECK");
        if (checks.size() != 1 || !checks.get(0).arguments().contains(healthPath)) {
            violations.add("the runtime stage needs one HEALTHCHECK on " + healthPath);
        }
        if (dockerfile.syntaxDirective()) {
            violations.add("no '# syntax=' line: BuildKit would fetch a frontend image, which a closed build network cannot serve");
        }
        for (DockerfileModel.Stage stage : dockerfile.stages()) {
            for (DockerfileModel.Instruction run : stage.all("RUN")) {
                if (BUILD_TOOLS.matcher(run.arguments()).find()) {
                    violations.add("stage " + stage.name() + " compiles or tests (" + run.arguments().strip().split("\\s+")[0]
                            + "): the image is assembled from the jars CI built and tested");
                }
            }
        }
        return violations;
    }
}
