package com.mangaassist.infra.knowledge;

import java.util.List;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * The knowledge search domain's access policy (ADR 0029): which principal may send which HTTP
 * method to which path. OpenSearch Service authorizes a signed request by its method
 * ({@code es:ESHttpGet}, …) on {@code <domain ARN>/<request path>}, so the paths below are the
 * requests the knowledge module makes and nothing wider. Readers (the two compute paths) may only
 * search through the {@value #ALIAS} alias; the ingestion task alone builds versions beside it,
 * moves the alias and deletes old versions.
 *
 * <p>A path names an index only while a request cannot name another one in its body: the domain
 * sets {@code rest.action.multi.allow_explicit_index} to false ({@link KnowledgeSearch}), so an
 * {@code _msearch}, {@code _mget} or {@code _bulk} on these paths reaches the index its path names
 * and no other.
 */
public final class DomainAccessPolicy {

    /** The alias retrieval reads, as knowledge's {@code KnowledgeIndexMapping.ALIAS} names it. */
    public static final String ALIAS = "knowledge";
    /** Every index version ingestion builds, as knowledge's {@code KnowledgeIndexMapping.INDEX_PREFIX} names them. */
    public static final String VERSIONS = "knowledge-v*";
    /**
     * Retrieval's requests: {@code _msearch} (POST), the anchor document (GET), a single search
     * (POST), and the passages of the top hits in the turn, {@code _mget} (POST, body
     * {@code {"ids": [...]}}). Each path takes both {@link #SEARCH_ACTIONS}: a GET of any of them
     * reads the same alias as its POST, so the pair widens nothing.
     */
    public static final List<String> SEARCH_PATHS = List.of(ALIAS + "/_search", ALIAS + "/_msearch", ALIAS + "/_doc/*", ALIAS + "/_mget");
    public static final List<String> SEARCH_ACTIONS = List.of("es:ESHttpGet", "es:ESHttpPost");
    /**
     * {@code KnowledgeIngestion} on its own versions: create (PUT), bulk, refresh, count, a probe
     * search, mapping and store stats, the version listing (GET {@code knowledge-v*}) and deletion.
     */
    public static final List<String> VERSION_ACTIONS = List.of("es:ESHttpGet", "es:ESHttpPut", "es:ESHttpPost", "es:ESHttpDelete");
    /** Moving the alias in one call. */
    public static final String ALIASES_PATH = "_aliases";
    /** Which version the alias names now. */
    public static final String ALIAS_LOOKUP_PATH = "_alias/" + ALIAS;

    private final PolicyDocument document = new PolicyDocument();
    private final String domainArn;

    /** @param domainArn composed from the domain's name: the domain's own ARN attribute cannot appear in its own property */
    DomainAccessPolicy(String domainArn) {
        this.domainArn = domainArn;
    }

    /** Resolved at synth, so principals added after the domain exists are in it. */
    PolicyDocument document() {
        return document;
    }

    /** {@code reader} may search the alias, nothing else. */
    public void allowSearch(IPrincipal reader) {
        document.addStatements(statement(reader, SEARCH_ACTIONS, SEARCH_PATHS));
    }

    /** {@code writer} may build, verify and delete versions and move the alias; it reads nothing through the alias. */
    public void allowIngest(IPrincipal writer) {
        document.addStatements(statement(writer, VERSION_ACTIONS, List.of(VERSIONS)));
        document.addStatements(statement(writer, List.of("es:ESHttpPost"), List.of(ALIASES_PATH)));
        document.addStatements(statement(writer, List.of("es:ESHttpGet"), List.of(ALIAS_LOOKUP_PATH)));
    }

    private PolicyStatement statement(IPrincipal principal, List<String> actions, List<String> paths) {
        return PolicyStatement.Builder.create().effect(Effect.ALLOW).principals(List.of(principal)).actions(actions)
                .resources(paths.stream().map(path -> domainArn + "/" + path).toList()).build();
    }
}
