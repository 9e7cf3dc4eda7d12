package com.mangaassist.planner.cli;

import com.mangaassist.planner.experiments.ColdPathExperiment;
import com.mangaassist.planner.report.ReportWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "cold-path", mixinStandardHelpOptions = true,
        description = "Reproduces the seeds' cold-path story: scale-to-zero, min 1 and min 2 under a chapter drop.")
final class ColdPathCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "capacity-planner/target/cold-path", description = "Report directory.")
    Path out;

    @Override
    public Integer call() {
        String table = ColdPathExperiment.markdown(ColdPathExperiment.run());
        System.out.print(table);
        ReportWriter.writeAll(out, Map.of("cold-path.md", "# A chapter drop on a cold path\n\n" + table));
        return 0;
    }
}
