package com.mangaassist.gpu.capacity;

import com.mangaassist.shared.capacity.CapacityEstimate;
import com.mangaassist.shared.capacity.CapacityInputs;
import com.mangaassist.shared.capacity.GpuCapacityModel;
import com.mangaassist.shared.capacity.GpuSpec;
import com.mangaassist.shared.capacity.ModelSpec;
import com.mangaassist.shared.capacity.WeightFormat;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code capacity [--gpu NAME]... [--model NAME]... [--tokens N]}: how many concurrent sequences of
 * N tokens fit, FP16 versus AWQ INT4, for each GPU and model named (defaults: A10G 24GB and A100
 * 80GB, Llama-2-7B and Llama-3-8B, 4,096 tokens).
 */
public final class CapacityCli {

    private CapacityCli() {
    }

    /** @return the process exit code */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<GpuSpec> gpus = new ArrayList<>();
        List<ModelSpec> models = new ArrayList<>();
        int tokens = 4096;
        int tensorParallel = 1;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--gpu" -> gpus.add(GpuSpec.named(value(args, ++i)));
                    case "--model" -> models.add(ModelSpec.named(value(args, ++i)));
                    case "--tokens" -> tokens = Integer.parseInt(value(args, ++i));
                    case "--tp" -> tensorParallel = Integer.parseInt(value(args, ++i));
                    case "-h", "--help" -> {
                        out.println("usage: capacity [--gpu a10g|l4|a100-40gb|a100-80gb|h100]... "
                                + "[--model llama-2-7b|llama-2-13b|llama-3-8b|mistral-7b|llama-3-70b]... [--tokens N] [--tp GPUS]");
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            if (tokens < 1) {
                throw new IllegalArgumentException("--tokens must be positive");
            }
            if (tensorParallel < 1) {
                throw new IllegalArgumentException("--tp must be positive");
            }
        } catch (IllegalArgumentException e) {
            err.println("capacity: " + e.getMessage());
            return 2;
        }
        if (gpus.isEmpty()) {
            gpus = List.of(GpuSpec.A10G_24GB, GpuSpec.A100_80GB);
        }
        if (models.isEmpty()) {
            models = List.of(ModelSpec.LLAMA_2_7B, ModelSpec.LLAMA_3_8B);
        }
        out.printf(Locale.ROOT, "Concurrent %,d-token sequences per model copy on %d GPU(s) (gpu-memory-utilization 0.92, FP16 KV cache, 16-token blocks, 2 GiB activation reserve per GPU)%n%n",
                tokens, tensorParallel);
        out.println("| GPU | model | weights | weights GiB | KV budget GiB | KV MiB/token | KV GiB/sequence | concurrent sequences |");
        out.println("|---|---|---|---:|---:|---:|---:|---:|");
        for (GpuSpec gpu : gpus) {
            for (ModelSpec model : models) {
                for (WeightFormat format : WeightFormat.values()) {
                    CapacityEstimate e = GpuCapacityModel.estimate(CapacityInputs.of(gpu, model, format).withTensorParallel(tensorParallel));
                    out.printf(Locale.ROOT, "| %s | %s | %s | %.1f | %.1f | %.3f | %.2f | %d |%n", gpu.name(), model.name(), format,
                            gib(e.weightBytes()), gib(e.kvBudgetBytes()), e.kvBytesPerToken() / (double) (1 << 20),
                            gib(e.kvBytesFor(tokens)), e.concurrentSequences(tokens));
                }
            }
        }
        return 0;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("missing value for " + args[i - 1]);
        }
        return args[i];
    }

    private static double gib(long bytes) {
        return bytes / (double) GpuSpec.GIB;
    }
}
