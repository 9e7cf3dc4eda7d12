package com.mangaassist.release.docker;

import java.util.regex.Pattern;

/**
 * The pinned bases a release's images are built on.
 *
 * @param jdk          the JDK the build stages run jlink in
 * @param gpuRuntime   the gpu-endpoint's runtime base (vLLM in production, Debian locally)
 * @param simulatedGpu whether the gpu-endpoint image runs the simulated engine (true only on a local base)
 */
public record ImageBases(String jdk, String gpuRuntime, boolean simulatedGpu) {

    private static final Pattern PINNED = Pattern.compile("[^@\\s]+@sha256:[0-9a-f]{64}");

    public ImageBases {
        requirePinned("JDK image", jdk);
        requirePinned("gpu-endpoint runtime base", gpuRuntime);
    }

    /** The local stand-ins: Debian's OpenJDK and a Debian base, with the simulated GPU engine. */
    public static ImageBases local(BaseImages.Bases bases) {
        return new ImageBases(bases.jdk(), bases.debian(), true);
    }

    private static void requirePinned(String what, String reference) {
        if (reference == null || !PINNED.matcher(reference).matches()) {
            throw new IllegalArgumentException("the " + what + " must be pinned by digest (name@sha256:<64 hex>), got '" + reference + "'");
        }
    }
}
