package com.mangaassist.knowledge.search;

import java.net.URI;
import java.util.Map;

/**
 * The headers that authenticate one request to the search engine. An OpenSearch Service domain
 * with a resource-based access policy authorizes SigV4-signed requests only (the signer lives with
 * the AWS SDK, in turn-pipeline); a local node takes them unsigned.
 */
@FunctionalInterface
public interface RequestSigner {

    /** For a local node: no authentication. */
    RequestSigner UNSIGNED = (method, uri, contentType, body) -> Map.of();

    /** Headers to add to {@code method uri} with {@code body} (empty for none) sent as {@code contentType} (null without a body). */
    Map<String, String> headers(String method, URI uri, String contentType, byte[] body);
}
