package com.mangaassist.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.localaws.LocalAwsStack;
import com.mangaassist.localaws.process.ServiceProcess;
import com.mangaassist.shared.contract.SettingNames;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service on its runtime classpath alone (what the image holds), as its own process configured
 * the way ECS configures it, through environment variables named by {@link SettingNames}:
 * test-scope jars can hide a dependency it needs at runtime, and a name the CDK app sets but the
 * service never reads would go unnoticed. Ready means its dependencies answered.
 */
class RuntimeClasspathTest {

    private static String classpath() throws Exception {
        return Path.of("target/classes").toAbsolutePath() + File.pathSeparator + Files.readString(Path.of("target/runtime-classpath.txt")).strip();
    }

    private static Map<String, String> environment(LocalAwsStack aws) {
        Map<String, String> env = new HashMap<>();
        aws.serviceProperties().forEach((key, value) -> env.put(SettingNames.environmentVariable(key), value.toString()));
        // What local runs set; in ECS the stack sets the secret's ARN instead (ADR 0027).
        env.put(SettingNames.environmentVariable(SettingNames.ORIGIN_PROOF), "runtime-classpath-origin-proof");
        return env;
    }

    @Test
    void service_onlyWithItsRuntimeDependenciesAndEnvironmentVariables_startsAndBecomesReady() throws Exception {
        try (LocalAwsStack aws = LocalAwsStack.start();
             ServiceProcess orchestrator = ServiceProcess.startWithEnvironment("orchestrator-runtime-classpath", classpath(),
                     OrchestratorApplication.class.getName(), List.of(), environment(aws))) {
            orchestrator.awaitReady("/health", Duration.ofSeconds(60));
            orchestrator.awaitReady("/ready", Duration.ofSeconds(30));
        }
    }

    @Test
    void service_withoutAnOriginProof_exitsAtStartNamingTheSetting() throws Exception {
        try (LocalAwsStack aws = LocalAwsStack.start()) {
            Map<String, String> env = environment(aws);
            env.remove(SettingNames.environmentVariable(SettingNames.ORIGIN_PROOF));
            try (ServiceProcess orchestrator = ServiceProcess.startWithEnvironment("orchestrator-no-origin-proof", classpath(),
                    OrchestratorApplication.class.getName(), List.of(), env)) {
                assertThat(orchestrator.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
                assertThat(orchestrator.tail()).contains("fargate-orchestrator cannot start: ORCHESTRATOR_ORIGIN_PROOF_SECRET_ARN "
                        + "(orchestrator.origin-proof.secret-arn) is not set");
            }
        }
    }

    @Test
    void service_withoutItsConversationTable_exitsAtStartNamingTheSetting() throws Exception {
        try (LocalAwsStack aws = LocalAwsStack.start()) {
            Map<String, String> env = environment(aws);
            env.remove(SettingNames.environmentVariable(SettingNames.CONVERSATION_TABLE));
            try (ServiceProcess orchestrator = ServiceProcess.startWithEnvironment("orchestrator-missing-setting", classpath(),
                    OrchestratorApplication.class.getName(), List.of(), env)) {
                assertThat(orchestrator.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
                assertThat(orchestrator.tail()).contains("fargate-orchestrator cannot start: PIPELINE_CONVERSATION_TABLE "
                        + "(pipeline.conversation-table) is not set: it must name the DynamoDB table that holds conversations");
            }
        }
    }
}
