package com.mangaassist.orchestrator;

import com.mangaassist.localaws.LocalAwsStack;
import com.mangaassist.localaws.process.ServiceProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service on its runtime classpath alone (what the image holds), as its own process: test-scope
 * jars can hide a dependency it needs at runtime. Ready means its dependencies answered.
 */
class RuntimeClasspathTest {

    @Test
    void service_onlyWithItsRuntimeDependencies_startsAndBecomesReady() throws Exception {
        String classpath = Path.of("target/classes").toAbsolutePath() + File.pathSeparator
                + Files.readString(Path.of("target/runtime-classpath.txt")).strip();
        try (LocalAwsStack aws = LocalAwsStack.start()) {
            Map<String, String> props = new HashMap<>();
            aws.serviceProperties().forEach((key, value) -> props.put(key, value.toString()));
            try (ServiceProcess orchestrator = ServiceProcess.startOnClasspath("orchestrator-runtime-classpath", classpath,
                    "com.mangaassist.orchestrator.OrchestratorApplication", List.of(), props)) {
                orchestrator.awaitReady("/health", Duration.ofSeconds(60));
                orchestrator.awaitReady("/ready", Duration.ofSeconds(30));
            }
        }
    }
}
