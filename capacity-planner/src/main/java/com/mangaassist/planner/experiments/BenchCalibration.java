package com.mangaassist.planner.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.config.PriceTable;
import com.mangaassist.planner.report.Formats;
import com.mangaassist.planner.sim.LogHistogram;
import com.mangaassist.planner.sim.Simulation;
import com.mangaassist.planner.sim.SimulationListener;
import com.mangaassist.planner.traffic.TrafficGenerator;
import com.mangaassist.shared.routing.SpillMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replays the platform bench's own burst (bench/run-platform.sh: one task of capacity 8, two
 * simulated GPU instances, 3 → 15 → 3 turns a second) through the planner with this machine's
 * capacities, in the bench's three spill modes, and sets the simulated spill fraction and TTFT
 * percentiles beside the measured ones. The bench's users retry a busy reply for 15 s and give
 * up; so do the planner's.
 */
public final class BenchCalibration {

    static final String CONFIG = "/com/mangaassist/planner/calibration-local-bench.json";
    static final String MEASURED = "/com/mangaassist/planner/calibration-measured.json";

    /** One phase of one mode, simulated and (where the bench reported it) measured. */
    public record Row(String mode, String phase, long offered, double spilled, double ttftP50, double ttftP99, Measured measured) {
    }

    public record Measured(double spilled, double ttftP50, double ttftP99) {
    }

    public static PlannerConfig config() {
        try (InputStream in = BenchCalibration.class.getResourceAsStream(CONFIG)) {
            return PlannerConfig.parse("calibration-local-bench.json", in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Row> run() {
        PlannerConfig base = config();
        Map<String, Measured> measured = measured();
        List<Row> rows = new ArrayList<>();
        for (SpillMode mode : SpillMode.values()) {
            PlannerConfig config = base.withRouting(base.routing().withSpillMode(mode));
            Map<String, Phase> phases = new LinkedHashMap<>();
            double end = 0;
            List<double[]> bounds = new ArrayList<>();
            for (PlannerConfig.Phase phase : config.traffic().phases()) {
                phases.put(phase.name(), new Phase());
                bounds.add(new double[] {end, end + phase.seconds()});
                end += phase.seconds();
            }
            Phase all = new Phase();
            List<String> names = new ArrayList<>(phases.keySet());
            SimulationListener listener = new SimulationListener() {
                @Override
                public void turnEnded(double firstSendAt, double ttftMillis, boolean answered, boolean spilled) {
                    for (int i = 0; i < bounds.size(); i++) {
                        if (firstSendAt >= bounds.get(i)[0] && firstSendAt < bounds.get(i)[1]) {
                            phases.get(names.get(i)).add(ttftMillis, spilled);
                        }
                    }
                    all.add(ttftMillis, spilled);
                }
            };
            // No pre-roll: the bench starts each configuration on a stack that is warm and idle.
            new Simulation(config, PriceTable.defaults(), listener, 0).run(new TrafficGenerator(config.traffic()));
            phases.put("all", all);
            String modeName = mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
            for (Map.Entry<String, Phase> phase : phases.entrySet()) {
                Phase p = phase.getValue();
                rows.add(new Row(modeName, phase.getKey(), p.ttft.count(), p.spilledShare(), p.ttft.quantile(0.5), p.ttft.quantile(0.99),
                        measured.get(modeName + "/" + phase.getKey())));
            }
        }
        return rows;
    }

    public static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder("| mode | phase | offered (sim) | spilled: sim | measured | TTFT p50: sim | measured | TTFT p99: sim | measured |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            Measured m = r.measured();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", r.mode(), r.phase(), Formats.count(r.offered()),
                    Formats.percent(r.spilled()), m == null ? "–" : Formats.percent(m.spilled()), Formats.millis(r.ttftP50()),
                    m == null ? "–" : Formats.millis(m.ttftP50()), Formats.millis(r.ttftP99()), m == null ? "–" : Formats.millis(m.ttftP99())));
        }
        return md.toString();
    }

    private static Map<String, Measured> measured() {
        try (InputStream in = BenchCalibration.class.getResourceAsStream(MEASURED)) {
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, Measured> byKey = new LinkedHashMap<>();
            for (JsonNode row : root.get("rows")) {
                JsonNode p99 = row.get("ttftP99");
                byKey.put(row.get("mode").asText() + "/" + row.get("phase").asText(), new Measured(row.get("spilled").asDouble(),
                        row.get("ttftP50").asDouble(), p99.isNumber() ? p99.asDouble() : Double.POSITIVE_INFINITY));
            }
            return byKey;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Phase {
        final LogHistogram ttft = new LogHistogram();
        long spilled;

        void add(double ttftMillis, boolean wasSpilled) {
            if (Double.isInfinite(ttftMillis)) {
                ttft.recordNever();
            } else {
                ttft.record(ttftMillis);
            }
            if (wasSpilled) {
                spilled++;
            }
        }

        double spilledShare() {
            return ttft.count() == 0 ? 0 : (double) spilled / ttft.count();
        }
    }
}
