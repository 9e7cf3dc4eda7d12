package com.mangaassist.planner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.traffic.TraceReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlannerCliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    @Test
    void run_whenTraceLineMalformed_exitsOneNamingLineAndFieldAndWritesNoReport() throws Exception {
        Path trace = dir.resolve("trace.csv");
        Files.writeString(trace, "timestamp,user,conversation,tokens_in,tokens_out\n0.1,u1,c1,30,80\n0.2,u2,c2,30,-4\n");
        Path report = dir.resolve("report");

        int exit = PlannerCli.run("run", "--trace", trace.toString(), "--out", report.toString(), "--no-progress");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 3, field 'tokens_out': must be a whole number of at least 1, got '-4'.")
                .contains("No report was written.");
        assertThat(report).doesNotExist();
    }

    @Test
    void run_onATrace_writesReportCsvAndAChartThatIsXml() throws Exception {
        Path trace = dir.resolve("trace.csv");
        StringBuilder csv = new StringBuilder("timestamp,user,conversation,tokens_in,tokens_out,locale,query\n");
        for (int i = 0; i < 600; i++) {
            csv.append(i * 0.5).append(",u").append(i % 50).append(",c").append(i % 80).append(",40,120,").append(i % 3 == 0 ? "en" : "ja")
                    .append(",\"Why is volume ").append(i).append(" late?\"\n");
        }
        Files.writeString(trace, csv);
        Path report = dir.resolve("report");

        int exit = PlannerCli.run("run", "--trace", trace.toString(), "--out", report.toString(), "--no-progress");

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(Files.readString(report.resolve("report.md"))).contains("## Overall").contains("| 600 | 600 |");
        List<String> minutes = Files.readAllLines(report.resolve("minutes.csv"));
        // Five minutes of offered turns, then the minutes their answers drain in (capacity and cost still count).
        assertThat(minutes.stream().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[1])).sum()).isEqualTo(600);
        assertThat(minutes.stream().skip(1).filter(l -> !l.split(",")[1].equals("0"))).hasSize(5);
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.resolve("run.svg").toFile());
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("600 turns");
    }

    @Test
    void generate_writesATraceTheReaderAccepts() throws Exception {
        Path trace = dir.resolve("generated.csv");

        int exit = PlannerCli.run("generate", "--users", "20000", "--duration", "300", "--out", trace.toString());

        assertThat(exit).isZero();
        long turns = 0;
        try (TraceReader reader = new TraceReader("generated.csv", Files.newBufferedReader(trace))) {
            while (reader.next() != null) {
                turns++;
            }
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(String.format(java.util.Locale.ROOT, "%,d turns", turns));
        assertThat(turns).isPositive();
    }

    @Test
    void run_withQuotaOptions_reportsTheTurnsTheBudgetRefused() throws Exception {
        Path report = dir.resolve("report");

        int exit = PlannerCli.run("run", "--users", "20000", "--duration", "600", "--quota-daily-tokens", "800", "--quota-monthly-tokens", "0",
                "--out", report.toString(), "--no-progress");

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String md = Files.readString(report.resolve("report.md"));
        assertThat(md).contains("token budget per principal 800 a day\n").contains("## Token quota per principal (ADR 0046)")
                .contains("Budgets: 800 tokens a UTC day and none a month");
        List<String> minutes = Files.readAllLines(report.resolve("minutes.csv"));
        assertThat(minutes.get(0)).endsWith(",refused_quota");
        assertThat(minutes.stream().skip(1).mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(',') + 1))).sum()).isPositive();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("refused by quota");
    }

    @Test
    void run_whenQuotaOptionNegative_exitsOneNamingIt() {
        int exit = PlannerCli.run("run", "--users", "1000", "--duration", "60", "--quota-daily-tokens", "-5", "--out", dir.resolve("r").toString(),
                "--no-progress");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--quota-daily-tokens must be 0 (no budget) or a positive number of tokens, got -5.");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    @Test
    void run_whenConfigBreaksThePlatformsRule_exitsOneNamingTheField() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(PlannerConfig.defaultsJson());
        ((ObjectNode) config.get("gpu").get("small")).put("minInstances", 1);
        Path file = dir.resolve("plan.json");
        json.writeValue(file.toFile(), config);

        int exit = PlannerCli.run("run", "--config", file.toString(), "--out", dir.resolve("r").toString(), "--no-progress");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("field 'gpu.small.minInstances' must be at least 2");
    }

    @Test
    void recommend_printsTheCdkContextOfTheCheapestDeploymentThatMeetsTheSla() throws Exception {
        Path report = dir.resolve("recommend");

        int exit = PlannerCli.run("recommend", "--users", "30000", "--duration", "1200", "--max-gpu", "12", "--out", report.toString());

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        // Every knob as the CDK app reads it (infra-cdk ContextKeys).
        for (String key : List.of("orchestratorMinTasks", "orchestratorMaxTasks", "orchestratorTurnCapacity", "overflowMaxConcurrency",
                "gpuInstanceType", "gpuMinInstances", "gpuMaxInstances")) {
            assertThat(printed).contains("-c " + key + "=");
        }
        String md = Files.readString(report.resolve("recommend.md"));
        assertThat(md).contains("**Chosen**").contains("cdk deploy --all");
        List<String> candidates = Files.readAllLines(report.resolve("candidates.csv"));
        assertThat(candidates.stream().filter(l -> l.endsWith(",true,true"))).hasSize(1);
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.resolve("recommend.svg").toFile());
        assertThat(report.resolve("chosen-report.md")).exists();
    }

    @Test
    void defaults_printsAConfigThatParses() {
        int exit = PlannerCli.run("defaults");

        assertThat(exit).isZero();
        assertThat(PlannerConfig.parse("printed", out.toByteArray())).isEqualTo(PlannerConfig.defaults());
    }
}
