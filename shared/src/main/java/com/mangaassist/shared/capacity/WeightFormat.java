package com.mangaassist.shared.capacity;

/**
 * How weights are stored. AWQ INT4 keeps 4 bits per weight plus per-group FP16 scales and zeros
 * (group size 128: 2 × 16 bits per 128 weights ≈ 0.03 bytes per weight), and leaves embeddings and
 * the LM head in FP16, which together come to ≈ 0.6 bytes per parameter for a 7B model. AWQ
 * changes weight memory only: the KV cache stays in the KV dtype.
 */
public enum WeightFormat {
    FP16(2.0),
    AWQ_INT4(0.6);

    private final double bytesPerParam;

    WeightFormat(double bytesPerParam) {
        this.bytesPerParam = bytesPerParam;
    }

    public double bytesPerParam() {
        return bytesPerParam;
    }
}
