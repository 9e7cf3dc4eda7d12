package com.mangaassist.planner.cli;

import com.mangaassist.planner.experiments.BenchCalibration;
import com.mangaassist.planner.report.ReportWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Replays the platform bench's burst with this machine's capacities and compares spill and TTFT with the measured figures.")
final class CalibrateCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "capacity-planner/target/calibration", description = "Report directory.")
    Path out;

    @Override
    public Integer call() {
        String table = BenchCalibration.markdown(BenchCalibration.run());
        System.out.print(table);
        ReportWriter.writeAll(out, Map.of("calibration.md", "# The platform bench's burst, simulated and measured\n\n" + table));
        return 0;
    }
}
