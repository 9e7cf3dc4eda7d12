package com.mangaassist.knowledge.cli;

import com.mangaassist.knowledge.search.RequestSigner;
import com.mangaassist.knowledge.search.SigV4RequestSigner;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Whether the CLI signs its OpenSearch requests with SigV4 (service {@code es}): when asked with
 * {@code --sigv4}, and always for an Amazon OpenSearch Service domain endpoint
 * ({@code search-…}/{@code vpc-…}{@code .<region>.es.amazonaws.com}, {@code .es.amazonaws.com.cn},
 * and the dual-stack {@code …aos.<region>.on.aws}). A domain behind an IAM access policy refuses
 * every unsigned request, so signing there is never wrong and forgetting the flag would only buy a
 * 403; a signed request to a node without the security plugin (local-search) is simply served.
 * {@code --sigv4} is still what the CDK task passes: a custom endpoint name (a CNAME to a domain)
 * cannot be recognized by its host. Serverless collections ({@code aoss}) sign with another service
 * name and are not recognized: the platform has none (ADR 0029).
 */
final class SearchSigning {

    private static final Pattern DUAL_STACK = Pattern.compile(".+\\.aos\\.[a-z0-9-]+\\.on\\.aws");

    private SearchSigning() {
    }

    static boolean signs(URI endpoint, boolean sigv4Flag) {
        return sigv4Flag || isServiceDomain(endpoint);
    }

    /** SigV4 for service {@code es} with the default credentials chain's identity ({@code OpenSearchClient} keeps one Content-Type). */
    static RequestSigner sigV4(AwsCredentialsProvider credentials, String region) {
        return new SigV4RequestSigner(credentials, region);
    }

    static boolean isServiceDomain(URI endpoint) {
        String host = endpoint.getHost() == null ? "" : endpoint.getHost().toLowerCase(Locale.ROOT);
        return host.endsWith(".es.amazonaws.com") || host.endsWith(".es.amazonaws.com.cn") || DUAL_STACK.matcher(host).matches();
    }
}
