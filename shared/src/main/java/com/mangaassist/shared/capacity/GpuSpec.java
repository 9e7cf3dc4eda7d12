package com.mangaassist.shared.capacity;

import java.util.Locale;
import java.util.Objects;

/** A GPU as the capacity model sees it: its memory. */
public record GpuSpec(String name, long vramBytes) {

    public static final long GIB = 1L << 30;

    public static final GpuSpec A10G_24GB = new GpuSpec("A10G 24GB", 24 * GIB);
    public static final GpuSpec L4_24GB = new GpuSpec("L4 24GB", 24 * GIB);
    public static final GpuSpec A100_40GB = new GpuSpec("A100 40GB", 40 * GIB);
    public static final GpuSpec A100_80GB = new GpuSpec("A100 80GB", 80 * GIB);
    public static final GpuSpec H100_80GB = new GpuSpec("H100 80GB", 80 * GIB);

    public GpuSpec {
        Objects.requireNonNull(name, "name");
        if (vramBytes <= 0) {
            throw new IllegalArgumentException("vramBytes must be positive");
        }
    }

    /** Looks a GPU up by a loose name: "a10g", "a100-80gb", "h100". */
    public static GpuSpec named(String name) {
        String key = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return switch (key) {
            case "a10g", "a10g24gb" -> A10G_24GB;
            case "l4", "l424gb" -> L4_24GB;
            case "a10040gb", "a10040" -> A100_40GB;
            case "a100", "a10080gb", "a10080" -> A100_80GB;
            case "h100", "h10080gb" -> H100_80GB;
            default -> throw new IllegalArgumentException("unknown GPU '" + name + "'; known: a10g, l4, a100-40gb, a100-80gb, h100");
        };
    }
}
