package com.mangaassist.bench;

import com.mangaassist.pipeline.conversation.ConversationTableSchema;
import com.mangaassist.bench.lambda.ColdStartProbe;
import com.mangaassist.localaws.LocalAwsStack;
import com.mangaassist.localaws.lambda.LocalLambdaContext;
import com.mangaassist.localaws.process.ServiceProcess;
import com.mangaassist.localaws.sagemaker.SimulatedGpuFleet;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The overflow function's cold start and per-message cost: {@code samples} fresh JVMs, each running
 * the real handler (through {@link ColdStartProbe}) against the emulators and a gpu-endpoint
 * whose simulated GPU answers instantly, so the per-message figure is the function's own work
 * (DynamoDB, Redis, SageMaker runtime, @connections and Kinesis round trips on loopback). JVM
 * flags as the CDK stack sets them for the function. Writes bench/target/lambda-bench.md.
 */
public final class LambdaColdStartBench {

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":([0-9.]+)");

    private LambdaColdStartBench() {
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int warmMessages = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path root = ServiceProcess.reactorRoot();
        Path module = root.resolve("lambda-overflow/target");
        String classpath = Files.list(module).filter(p -> p.getFileName().toString().matches("lambda-overflow-.*\\.jar"))
                .findFirst().orElseThrow(() -> new IllegalStateException("package lambda-overflow first")) + File.pathSeparator + module.resolve("lib/*")
                // The probe and the invocation context stand in for Lambda's runtime: never part of the function's zip.
                + File.pathSeparator + ServiceProcess.codeSourceOf(ColdStartProbe.class) + File.pathSeparator
                + ServiceProcess.codeSourceOf(LocalLambdaContext.class);
        List<Map<String, Double>> results = new ArrayList<>();
        try (LocalAwsStack aws = LocalAwsStack.start();
             SimulatedGpuFleet gpu = SimulatedGpuFleet.start("bench-gpu", 256, Duration.ZERO)) {
            // Tables exist before the function starts, as in AWS, so init measures the function alone.
            ConversationTableSchema.createIfMissing(aws.dynamo().client(), LocalAwsStack.TABLE);
            for (int i = 0; i < samples; i++) {
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));
                aws.serviceProperties().forEach((key, value) -> command.add("-D" + key + "=" + value));
                command.add("-Daws.endpoints.sagemaker-runtime=" + gpu.runtimeEndpoint());
                command.add("-Dpipeline.create-table=false");
                command.add("-Dlog4j2.level=WARN");
                command.add("-Dlocal.handler=com.mangaassist.overflow.OverflowHandler");
                command.addAll(List.of("-cp", classpath, ColdStartProbe.class.getName(), Integer.toString(warmMessages)));
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (process.waitFor() != 0) {
                    throw new IllegalStateException("probe failed:\n" + output);
                }
                String line = output.lines().filter(l -> l.startsWith("{\"jvmToHandlerReadyMs\"")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no result in:\n" + output));
                Map<String, Double> sample = new java.util.LinkedHashMap<>();
                Matcher m = FIELD.matcher(line);
                while (m.find()) {
                    sample.put(m.group(1), Double.parseDouble(m.group(2)));
                }
                results.add(sample);
                System.out.println("sample " + (i + 1) + ": " + line);
            }
        }
        String report = report(results, warmMessages);
        Path out = root.resolve("bench/target/lambda-bench.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
        // The emulators leave non-daemon threads behind.
        System.exit(0);
    }

    private static String report(List<Map<String, Double>> results, int warmMessages) {
        StringBuilder md = new StringBuilder();
        md.append("| metric | median | min | max |\n|---|---|---|---|\n");
        for (String key : List.of("jvmToHandlerReadyMs", "handlerInitMs", "firstMessageMs", "warmP50Ms", "warmP99Ms")) {
            List<Double> values = results.stream().map(r -> r.get(key)).sorted().toList();
            md.append(String.format(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.1f ms |%n", key, values.get(values.size() / 2), values.get(0),
                    values.get(values.size() - 1)));
        }
        md.append(String.format(Locale.ROOT, "%n%d fresh JVMs, %d warm one-message batches each; %s, %d cores, Java %s.%n", results.size(),
                warmMessages, System.getProperty("os.name"), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        return md.toString();
    }
}
