package com.mangaassist.overflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.testsupport.LocalAwsStack;
import com.mangaassist.testsupport.SimulatedGpuFleet;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The handler on the function's runtime classpath alone (what the deployment zip holds), in a
 * fresh JVM: test-scope jars can hide a dependency the function needs at runtime, as a missing
 * JsonMapper once did.
 */
class RuntimeClasspathTest {

    @Test
    void handler_onlyWithItsRuntimeDependencies_initializesAndAnswers() throws Exception {
        String classpath = Path.of("target/classes").toAbsolutePath() + File.pathSeparator
                + Files.readString(Path.of("target/runtime-classpath.txt")).strip();
        try (LocalAwsStack aws = LocalAwsStack.start();
             SimulatedGpuFleet gpu = SimulatedGpuFleet.start("gpu-runtime-classpath", 8, Duration.ZERO)) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            aws.serviceProperties().forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.add("-Daws.endpoints.sagemaker-runtime=" + gpu.runtimeEndpoint());
            command.add("-Doverflow.idempotency-table=mangaassist-idempotency");
            command.addAll(List.of("-cp", classpath, "com.mangaassist.overflow.local.ColdStartProbe", "3"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("\"warmMessages\":3");
        }
    }
}
