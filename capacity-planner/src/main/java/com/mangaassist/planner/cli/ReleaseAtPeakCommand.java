package com.mangaassist.planner.cli;

import com.mangaassist.planner.experiments.ReleaseAtPeakExperiment;
import com.mangaassist.planner.report.ReportWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "release-at-peak", mixinStandardHelpOptions = true,
        description = "A release deployed while the GPU fleet is scaled out: the variant's count retained, and the old reset to the initial count.")
final class ReleaseAtPeakCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "capacity-planner/target/release-at-peak", description = "Report directory.")
    Path out;

    @Override
    public Integer call() {
        String table = ReleaseAtPeakExperiment.markdown(ReleaseAtPeakExperiment.run());
        System.out.print(table);
        ReportWriter.writeAll(out, Map.of("release-at-peak.md", "# A release at peak\n\n" + table));
        return 0;
    }
}
