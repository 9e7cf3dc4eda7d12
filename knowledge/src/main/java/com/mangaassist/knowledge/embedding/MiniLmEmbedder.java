package com.mangaassist.knowledge.embedding;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * all-MiniLM-L6-v2 (quantized, 384 dimensions) in-process through ONNX Runtime, its weights inside
 * the Maven package (nothing downloaded at run time). An English model: it places Japanese text
 * poorly, which is why retrieval is hybrid and the eval reports each part per language (ADR 0026).
 */
public final class MiniLmEmbedder implements TextEmbedder {

    private final AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();

    @Override
    public float[] embed(String text) {
        return model.embed(text).content().vector();
    }

    @Override
    public int dimensions() {
        return 384;
    }

    @Override
    public String modelId() {
        return "all-minilm-l6-v2-q";
    }
}
