package com.mangaassist.planner.cli;

import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.config.PriceTable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "defaults", mixinStandardHelpOptions = true,
        description = "Prints the bundled planner config (every parameter with its source), or with --prices the bundled price table.")
final class DefaultsCommand implements Callable<Integer> {

    @Option(names = "--prices", description = "Print the price table instead.")
    boolean prices;

    @Override
    public Integer call() {
        if (prices) {
            System.out.print(PriceTable.defaultsJson());
        } else {
            System.out.print(PlannerConfig.defaultsJson());
        }
        return 0;
    }
}
