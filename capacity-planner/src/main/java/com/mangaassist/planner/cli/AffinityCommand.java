package com.mangaassist.planner.cli;

import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.experiments.AffinityExperiment;
import com.mangaassist.planner.recommend.Deployment;
import com.mangaassist.planner.report.ReportWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "affinity", mixinStandardHelpOptions = true,
        description = "The default hour on the prod preset, conversations routed by least outstanding requests and with a stateful session each.")
final class AffinityCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "capacity-planner/target/affinity", description = "Report directory.")
    Path out;

    @Option(names = "--deployment", description = "A deployment to compare on instead of the prod preset, as recommend prints it: "
            + "minTasks,maxTasks,turnCapacity,lambdaCap,gpuMin,gpuMax (e.g. 26,50,192,4,48,55).")
    String deployment;

    @Override
    public Integer call() {
        PlannerConfig config = PlannerConfig.defaults();
        if (deployment != null) {
            String[] v = deployment.split(",");
            if (v.length != 6) {
                System.err.println("affinity: --deployment takes six numbers: minTasks,maxTasks,turnCapacity,lambdaCap,gpuMin,gpuMax");
                return 2;
            }
            config = new Deployment(Integer.parseInt(v[0].strip()), Integer.parseInt(v[1].strip()), Integer.parseInt(v[2].strip()),
                    Integer.parseInt(v[3].strip()), Integer.parseInt(v[4].strip()), Integer.parseInt(v[5].strip())).applyTo(config);
        }
        String table = AffinityExperiment.markdown(AffinityExperiment.run(config));
        System.out.print(table);
        ReportWriter.writeAll(out, Map.of("affinity.md", "# Conversation affinity at a million users\n\n" + table));
        return 0;
    }
}
