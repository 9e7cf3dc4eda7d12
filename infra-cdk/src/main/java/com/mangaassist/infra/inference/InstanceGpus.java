package com.mangaassist.infra.inference;

import java.util.Map;
import java.util.OptionalInt;

/**
 * How many GPUs a SageMaker instance type has, for the families the platform sizes its tiers on
 * (ADR 0039): vLLM splits a tensor-parallel model across exactly that many, so an instance with
 * fewer GPUs than the tier's {@code tensorParallelSize} would fail at load, after a deploy of many
 * minutes. Data from EC2's accelerated-computing table; a type not listed is not checked here.
 */
public final class InstanceGpus {

    private static final Map<String, Integer> GPUS = Map.ofEntries(
            Map.entry("ml.g5.xlarge", 1), Map.entry("ml.g5.2xlarge", 1), Map.entry("ml.g5.4xlarge", 1), Map.entry("ml.g5.8xlarge", 1),
            Map.entry("ml.g5.16xlarge", 1), Map.entry("ml.g5.12xlarge", 4), Map.entry("ml.g5.24xlarge", 4), Map.entry("ml.g5.48xlarge", 8),
            Map.entry("ml.g6.xlarge", 1), Map.entry("ml.g6.2xlarge", 1), Map.entry("ml.g6.4xlarge", 1), Map.entry("ml.g6.8xlarge", 1),
            Map.entry("ml.g6.16xlarge", 1), Map.entry("ml.g6.12xlarge", 4), Map.entry("ml.g6.24xlarge", 4), Map.entry("ml.g6.48xlarge", 8),
            Map.entry("ml.g6e.xlarge", 1), Map.entry("ml.g6e.2xlarge", 1), Map.entry("ml.g6e.12xlarge", 4), Map.entry("ml.g6e.48xlarge", 8),
            Map.entry("ml.p4d.24xlarge", 8), Map.entry("ml.p4de.24xlarge", 8), Map.entry("ml.p5.48xlarge", 8));

    private InstanceGpus() {
    }

    /** The type's GPU count, or empty for a type not in the table. */
    public static OptionalInt of(String instanceType) {
        Integer gpus = GPUS.get(instanceType);
        return gpus == null ? OptionalInt.empty() : OptionalInt.of(gpus);
    }
}
