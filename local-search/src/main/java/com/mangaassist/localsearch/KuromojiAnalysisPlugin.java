package com.mangaassist.localsearch;

import java.util.Map;
import org.apache.lucene.analysis.ja.JapaneseAnalyzer;
import org.opensearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.opensearch.index.analysis.AnalyzerProvider;
import org.opensearch.indices.analysis.AnalysisModule;
import org.opensearch.plugins.AnalysisPlugin;
import org.opensearch.plugins.Plugin;

/**
 * The {@code kuromoji} analyzer under the name OpenSearch's {@code analysis-kuromoji} plugin gives
 * it (the plugin AWS OpenSearch Service ships), so one index mapping works here and there. That
 * plugin is not served from Maven here, Lucene's kuromoji module is: this registers Lucene's
 * {@link JapaneseAnalyzer} (morphological tokenizer, base forms, part-of-speech and stop-word
 * filters, width folding, katakana stemming, lowercase) — what the plugin's analyzer is.
 */
public final class KuromojiAnalysisPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisModule.AnalysisProvider<AnalyzerProvider<? extends org.apache.lucene.analysis.Analyzer>>> getAnalyzers() {
        return Map.of("kuromoji", (indexSettings, environment, name, settings) -> new AbstractIndexAnalyzerProvider<JapaneseAnalyzer>(indexSettings,
                name, settings) {
            private final JapaneseAnalyzer analyzer = new JapaneseAnalyzer();

            @Override
            public JapaneseAnalyzer get() {
                return analyzer;
            }
        });
    }
}
