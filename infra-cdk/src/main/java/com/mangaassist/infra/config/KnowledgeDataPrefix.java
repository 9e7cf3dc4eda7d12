package com.mangaassist.infra.config;

import java.util.regex.Pattern;

/**
 * Where in the artifact bucket the knowledge data to ingest lies ({@code -c knowledgeDataPrefix},
 * ADR 0029): {@code knowledge/<release or content hash>/}, holding {@code catalog/*.jsonl},
 * {@code store/policies.jsonl} and (optional) {@code tags/*.jsonl} as in the repository's
 * {@code knowledge/data}. The release manifest
 * does not carry it yet, hence a context key. One segment under {@code knowledge/} and nothing
 * else: the ingestion task may read exactly this prefix, and the bucket also holds the Lambda zips
 * and the models, which no prefix the key accepts can reach.
 *
 * @param prefix the normalized prefix, always ending in {@code /}
 */
public record KnowledgeDataPrefix(String prefix) {

    private static final Pattern PREFIX = Pattern.compile("knowledge/[A-Za-z0-9][A-Za-z0-9._-]{0,127}/");

    public KnowledgeDataPrefix {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw InvalidContextException.invalid(ContextKeys.KNOWLEDGE_DATA_PREFIX, prefix,
                    "one key segment under knowledge/ in the artifact bucket, such as knowledge/3f9c2a7b41de/ "
                            + "(letters, digits, '.', '_' and '-'; no s3:// and no bucket name)");
        }
    }

    /** Accepts the prefix with or without its trailing slash. */
    public static KnowledgeDataPrefix parse(String text) {
        String prefix = text.strip();
        return new KnowledgeDataPrefix(prefix.endsWith("/") ? prefix : prefix + "/");
    }
}
