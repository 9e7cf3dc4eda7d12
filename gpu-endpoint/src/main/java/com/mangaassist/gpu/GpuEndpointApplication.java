package com.mangaassist.gpu;

import com.mangaassist.gpu.capacity.CapacityCli;
import com.mangaassist.service.ServiceLauncher;
import java.util.Arrays;

/**
 * The container entry point. SageMaker starts the image with the argument {@code serve}; the
 * {@code capacity} command runs the GPU capacity model for sizing.
 */
public final class GpuEndpointApplication {

    private GpuEndpointApplication() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "serve" -> ServiceLauncher.start("gpu-endpoint", GpuEndpointApplication.class, rest);
            case "capacity" -> System.exit(CapacityCli.run(rest, System.out, System.err));
            default -> {
                System.err.println("usage: gpu-endpoint serve | capacity [--gpu NAME]... [--model NAME]... [--tokens N]");
                System.exit(2);
            }
        }
    }
}
