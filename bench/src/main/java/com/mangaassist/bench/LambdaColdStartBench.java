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
        Path target = root.resolve("bench/target");
        // Class-data sharing archives only jars: the probe's classes go on the class path as one.
        Path probeJar = probeJar(target.resolve("lambda-probe.jar"));
        String classpath = Files.list(module).filter(p -> p.getFileName().toString().matches("lambda-overflow-.*\\.jar"))
                .findFirst().orElseThrow(() -> new IllegalStateException("package lambda-overflow first")) + File.pathSeparator
                + libJars(module.resolve("lib"))
                // The probe and the invocation context stand in for Lambda's runtime: never part of the function's zip.
                + File.pathSeparator + probeJar + File.pathSeparator + ServiceProcess.codeSourceOf(LocalLambdaContext.class);
        Path archive = target.resolve("overflow-appcds.jsa");
        Files.deleteIfExists(archive);
        List<Map<String, Double>> plain = new ArrayList<>();
        List<Map<String, Double>> shared = new ArrayList<>();
        List<Map<String, Double>> primed = new ArrayList<>();
        try (LocalAwsStack aws = LocalAwsStack.start();
             SimulatedGpuFleet gpu = SimulatedGpuFleet.start("bench-gpu", 256, Duration.ZERO)) {
            // Tables exist before the function starts, as in AWS, so init measures the function alone.
            ConversationTableSchema.createIfMissing(aws.dynamo().client(), LocalAwsStack.TABLE);
            for (int i = 0; i < samples; i++) {
                plain.add(sample(aws, gpu, classpath, warmMessages, List.of(), "sample " + (i + 1)));
            }
            // An application class-data archive, dumped at the end of one training run, then mapped by every sample.
            sample(aws, gpu, classpath, 20, List.of("-XX:ArchiveClassesAtExit=" + archive), "training run for the class-data archive");
            for (int i = 0; i < samples; i++) {
                shared.add(sample(aws, gpu, classpath, warmMessages, List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on"),
                        "sample " + (i + 1) + " with AppCDS"));
            }
            // SnapStart's hooks (priming before the snapshot, rebuilt clients after the restore) run in the same JVM.
            for (int i = 0; i < samples; i++) {
                primed.add(sample(aws, gpu, classpath, warmMessages, List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on",
                        "-Dprobe.snapstart=true"), "sample " + (i + 1) + " with AppCDS and the SnapStart hooks"));
            }
        }
        String report = "Fresh JVMs (the flags the stack sets for the function):\n\n" + report(plain, warmMessages)
                + "\nThe same, each mapping an application class-data archive (AppCDS) dumped by one training run:\n\n"
                + report(shared, warmMessages)
                + "\nThe same, then SnapStart's hooks run in-process before the first message (primingMs: priming and the clients "
                + "rebuilt; firstMessageMs: what a restored function still pays, the restore itself aside):\n\n"
                + report(primed, warmMessages);
        Path out = target.resolve("lambda-bench.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
        // The emulators leave non-daemon threads behind.
        System.exit(0);
    }

    /** One fresh JVM running the probe; {@code flags} go before the stack's own. */
    private static Map<String, Double> sample(LocalAwsStack aws, SimulatedGpuFleet gpu, String classpath, int warmMessages, List<String> flags,
                                              String name) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(flags);
        // -Dbench.lambda-jvm-extra="..." adds JVM flags to every run (a profiler).
        String extra = System.getProperty("bench.lambda-jvm-extra", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));
        aws.serviceProperties().forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Daws.endpoints.sagemaker-runtime=" + gpu.runtimeEndpoint());
        command.add("-Dpipeline.create-table=false");
        command.add("-Dlog4j2.level=WARN");
        command.add("-Dlocal.handler=com.mangaassist.overflow.OverflowHandler");
        command.addAll(List.of("-cp", classpath, ColdStartProbe.class.getName(), Integer.toString(warmMessages)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder collected = new StringBuilder();
        try (java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                collected.append(line).append('\n');
            }
        }
        String output = collected.toString();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(name + " failed:\n" + output);
        }
        String line = output.lines().filter(l -> l.startsWith("{\"jvmToHandlerReadyMs\"")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no result in:\n" + output));
        Map<String, Double> sample = new java.util.LinkedHashMap<>();
        Matcher m = FIELD.matcher(line);
        while (m.find()) {
            sample.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        System.out.println(name + ": " + line);
        return sample;
    }

    /** The probe's own classes (this module's {@code bench.lambda} package) as a jar. */
    private static Path probeJar(Path jar) throws java.io.IOException {
        Path classes = ServiceProcess.codeSourceOf(ColdStartProbe.class);
        Path packageDir = classes.resolve("com/mangaassist/bench/lambda");
        Files.createDirectories(jar.getParent());
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
             var files = Files.list(packageDir)) {
            for (Path file : files.sorted().toList()) {
                out.putNextEntry(new java.util.jar.JarEntry("com/mangaassist/bench/lambda/" + file.getFileName()));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Every jar of the function's lib folder, named one by one (an archive's class path takes no wildcard). */
    private static String libJars(Path lib) throws java.io.IOException {
        try (var jars = Files.list(lib)) {
            return jars.filter(p -> p.toString().endsWith(".jar")).sorted().map(Path::toString)
                    .collect(java.util.stream.Collectors.joining(File.pathSeparator));
        }
    }

    private static String report(List<Map<String, Double>> results, int warmMessages) {
        StringBuilder md = new StringBuilder();
        md.append("| metric | median | min | max |\n|---|---|---|---|\n");
        for (String key : List.of("jvmToHandlerReadyMs", "handlerInitMs", "primingMs", "firstMessageMs", "warmP50Ms", "warmP99Ms")) {
            List<Double> values = results.stream().map(r -> r.get(key)).sorted().toList();
            md.append(String.format(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.1f ms |%n", key, values.get(values.size() / 2), values.get(0),
                    values.get(values.size() - 1)));
        }
        md.append(String.format(Locale.ROOT, "%n%d fresh JVMs, %d warm one-message batches each; %s, %d cores, Java %s.%n", results.size(),
                warmMessages, System.getProperty("os.name"), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        return md.toString();
    }
}
