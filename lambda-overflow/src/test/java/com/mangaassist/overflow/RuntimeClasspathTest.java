package com.mangaassist.overflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangaassist.localaws.LocalAwsStack;
import com.mangaassist.localaws.lambda.LocalLambdaFunction;
import com.mangaassist.localaws.process.ServiceProcess;
import com.mangaassist.localaws.sagemaker.SimulatedGpuFleet;
import com.mangaassist.pipeline.conversation.Acceptance;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.conversation.DynamoDbConversationStore;
import com.mangaassist.pipeline.conversation.Lease;
import com.mangaassist.pipeline.conversation.NewQuestion;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.shared.wire.overflow.OverflowMessage;
import com.mangaassist.shared.wire.overflow.OverflowMessageCodec;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The handler on the function's runtime classpath alone (what the deployment zip holds), in a
 * fresh JVM fed by the local SQS event source: test-scope jars can hide a dependency the function
 * needs at runtime, as a missing JsonMapper once did. The event source is the only class added,
 * standing in for what Lambda provides around the zip.
 */
class RuntimeClasspathTest {

    @Test
    void handler_onlyWithItsRuntimeDependencies_initializesAndAnswers() throws Exception {
        String classpath = Path.of("target/classes").toAbsolutePath() + File.pathSeparator + zipLib() + File.pathSeparator
                + ServiceProcess.codeSourceOf(LocalLambdaFunction.class);
        try (LocalAwsStack aws = LocalAwsStack.start();
             SimulatedGpuFleet gpu = SimulatedGpuFleet.start("gpu-runtime-classpath", 8, Duration.ZERO)) {
            Map<String, String> props = new HashMap<>();
            aws.serviceProperties().forEach((key, value) -> props.put(key, value.toString()));
            props.put("aws.endpoints.sagemaker-runtime", gpu.runtimeEndpoint());
            props.put("local.handler", OverflowHandler.class.getName());
            props.put("local.sqs-endpoint", props.get("aws.endpoints.sqs"));
            props.put("local.queue-url", aws.queueUrl());
            // Nothing listens there: the function loads the query embedder (its ONNX runtime from the Linux-only jar) and warms
            // it at init, then answers without context.
            props.put("pipeline.knowledge.search-endpoint", "http://127.0.0.1:9");
            props.put("pipeline.knowledge.unsigned", "true");
            try (ServiceProcess function = ServiceProcess.startOnClasspath("overflow-runtime-classpath", classpath,
                    LocalLambdaFunction.class.getName(), List.of(), props)) {
                function.awaitOutput(LocalLambdaFunction.READY, Duration.ofMinutes(1));
                Instant now = Instant.now();
                // As the orchestrator spills: the question stored first (the function created the table at init), then the queue message.
                ConversationStore store = new DynamoDbConversationStore(aws.dynamo().client(), LocalAwsStack.TABLE, Clock.systemUTC(), Duration.ofDays(1));
                StoredMessage accepted = ((Acceptance.Accepted) store.accept(new ConversationRef("user-a", "c-runtime-classpath"),
                        new NewQuestion("m1", "recommend a samurai manga", 6, List.of(), "en", "runtimeCp0000001=", "req-runtime-classpath"),
                        Lease.queued(now.plusSeconds(300)))).message();
                aws.sqs().sendMessage(b -> b.queueUrl(aws.queueUrl()).messageBody(OverflowMessageCodec.withDefaults().encode(
                        new OverflowMessage("user-a", "c-runtime-classpath", "m1", accepted.index(), accepted.attempt(), "req-runtime-classpath", now))));

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    function.assertAlive();
                    assertThat(aws.connections().bodiesFor("runtimeCp0000001=")).anySatisfy(body -> assertThat(body).contains("\"type\":\"done\"")
                            .contains("\"grounded\":false"));
                });
            }
        }
    }

    /**
     * The zip's lib/: the runtime dependencies, with onnxruntime and the tokenizers replaced by their
     * Linux-only repackaging, as src/assembly/lambda-zip.xml assembles it.
     */
    private static String zipLib() throws java.io.IOException {
        List<Path> jars = new java.util.ArrayList<>();
        for (String entry : Files.readString(Path.of("target/runtime-classpath.txt")).strip().split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (!name.startsWith("onnxruntime-") && !name.startsWith("tokenizers-")) {
                jars.add(Path.of(entry));
            }
        }
        try (java.util.stream.Stream<Path> slim = Files.list(Path.of("target/linux-natives"))) {
            slim.sorted().forEach(jars::add);
        }
        assertThat(jars).extracting(p -> p.getFileName().toString()).contains("onnxruntime-linux.jar", "tokenizers-linux.jar");
        return String.join(File.pathSeparator, jars.stream().map(Path::toString).toList());
    }
}
