package com.mangaassist.knowledge.retrieval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.knowledge.embedding.TextEmbedder;
import com.mangaassist.knowledge.ingest.FacetLabels;
import com.mangaassist.knowledge.search.KnowledgeIndexMapping;
import com.mangaassist.knowledge.search.OpenSearchClient;
import com.mangaassist.knowledge.search.SearchEngineException;
import com.mangaassist.shared.grounding.Passage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Retrieval over the live knowledge index: lexical (BM25 over the asker's language's fields),
 * vector (k-NN on the embedded text), and hybrid — the lists fused by weighted reciprocal rank
 * (score = Σ weight / (60 + rank)), which needs no calibration between BM25 and cosine, plus the
 * series the message names, and for "something like X" the series that resemble X (ADR 0026).
 * Catalog documents answer in either language; a policy only in the asker's. Every request body
 * is a Jackson tree: the user's words only ever travel as a JSON string value.
 */
public final class KnowledgeSearch {

    /** Reciprocal rank fusion's constant, as its authors (Cormack et al.) and OpenSearch's own hybrid search use it. */
    static final int RRF_K = 60;
    /**
     * How much the message's own words count against the anchor's shared genres, demographic and
     * tags in "something like X" (BM25 over text scores several times a keyword term's): enough to
     * order series equally alike by what the message asks for ("slow-burn", "shojo"), not to
     * outweigh likeness (the eval's "similar" questions measured 0.1 best of 0.03–1).
     */
    private static final double DESCRIPTOR_BOOST = 0.1;
    /**
     * A tag the anchor shares, whole ("found-family", not the word "family" that Kodocha's tags
     * also hold), against a shared genre's 2 and demographic's 1.5: tags are many and specific, so
     * one shared tag says less than a shared genre (the eval's "similar" questions: 0.5 best of 0–3).
     */
    private static final double TAG_BOOST = 0.5;
    /**
     * One of the anchor's creators: readers who liked a series look for its author's other work
     * (Monster → Pluto, 20th Century Boys), as much as for a shared tag's worth and a half.
     */
    private static final double CREATOR_BOOST = 1.0;
    /** How deep each list goes before fusion. */
    static final int CANDIDATES = 30;
    /** The most word pairs a message is searched for as tags: a long message's pairs past these add cost, not recall. */
    private static final int MAX_TAG_PHRASES = 12;
    /** Japanese fields by morphology (kuromoji), searched with the message as written. */
    private static final String[] JA_FIELDS = {"title_ja", "aliases.ja", "title_en^2", "authors_ja^3", "labels_ja^2", "magazine_ja",
        "publisher_ja", "body_ja"};
    /** Japanese fields by character bigrams, for names kuromoji splits oddly: searched without the message's hiragana (see {@link #withoutHiragana}). */
    private static final String[] JA_BIGRAM_FIELDS = {"title_ja.cjk^3", "aliases.cjk^3", "authors_ja.cjk^2", "labels_ja.cjk", "body_ja.cjk"};
    private static final String[] EN_FIELDS = {"title_en^4", "aliases^3", "authors_en^3", "tags_en^2", "labels_en^2", "magazine_en", "publisher_en",
        "body_en", "title_ja^2", "aliases.ja"};
    private static final String[] EN_NAMES = {"title_en^3", "aliases^3", "authors_en^3"};
    private static final String[] JA_NAME_CANDIDATES = {"title_ja", "title_ja.cjk", "aliases.ja", "aliases.cjk", "aliases", "authors_ja",
        "authors_ja.cjk", "title_en"};
    private static final String[] EN_NAME_CANDIDATES = {"title_en", "aliases", "authors_en"};

    private final OpenSearchClient client;
    private final TextEmbedder embedder;

    public KnowledgeSearch(OpenSearchClient client, TextEmbedder embedder) {
        this.client = client;
        this.embedder = embedder;
    }

    public List<RetrievedDocument> lexical(RetrievalQuery query, int k) {
        return hits(lexicalBody(query, k));
    }

    public List<RetrievedDocument> vector(RetrievalQuery query, int k) {
        return hits(vectorBody(query, k, embedder.embed(query.text())));
    }

    /**
     * The first-stage searches (named series, lexical, vector, and the facets and two-word tags the
     * message names) go in one {@code _msearch} round trip; "something like X" then asks for X and
     * its neighbours, "what else did its creator make?" for the works of X's creators. What an
     * English message says it does not want is left out of every search but the names.
     */
    public List<RetrievedDocument> hybrid(RetrievalQuery query, int k) {
        RetrievalQuery wanted = new RetrievalQuery(QueryWords.withoutNegated(query.text(), query.language()), query.language());
        float[] embedding = embedder.embed(wanted.text());
        FusionWeights weights = FusionWeights.forLanguage(query.language());
        Map<String, Set<String>> facets = FacetLabels.mentioned(wanted.text(), query.language());
        List<String> tagPhrases = "ja".equals(query.language()) ? List.of() : QueryWords.wordPairs(wanted.text(), query.language(), MAX_TAG_PHRASES);
        List<ObjectNode> bodies = new ArrayList<>(List.of(namedBody(query), lexicalBody(wanted, CANDIDATES), vectorBody(wanted, CANDIDATES, embedding)));
        int facetAnswer = -1;
        if (!facets.isEmpty()) {
            facetAnswer = bodies.size();
            bodies.add(facetBody(wanted, facets, CANDIDATES));
        }
        int tagAnswer = -1;
        if (!tagPhrases.isEmpty()) {
            tagAnswer = bodies.size();
            bodies.add(tagPhraseBody(tagPhrases, CANDIDATES));
        }
        List<JsonNode> answers = client.multiSearch(KnowledgeIndexMapping.ALIAS, bodies);
        List<RetrievedDocument> named = namedIn(query, answers.get(0), Names::of, false);
        List<List<RetrievedDocument>> lists = new ArrayList<>(List.of(hitsIn(answers.get(1)), hitsIn(answers.get(2))));
        List<Double> listWeights = new ArrayList<>(List.of(weights.lexical(), weights.vector()));
        List<RetrievedDocument> namedFacets = facetAnswer < 0 ? List.of() : hitsIn(answers.get(facetAnswer));
        if (!namedFacets.isEmpty()) {
            lists.add(namedFacets);
            listWeights.add(weights.facets());
        }
        if (tagAnswer >= 0) {
            lists.add(hitsIn(answers.get(tagAnswer)));
            listWeights.add(weights.tagPhrases());
        }
        List<RetrievedDocument> titled = namedIn(query, answers.get(0), Names::titles, true);
        if (!titled.isEmpty() && QueryIntent.asksForSameCreator(query)) {
            // "What else has its creator made?": X itself (its passage names the creators), then their other works.
            lists.add(named);
            listWeights.add(weights.named());
            lists.add(hits(creatorsWorksBody(titled.get(0).id(), answers.get(0), CANDIDATES)));
            listWeights.add(weights.creatorsWorks());
            return fuse(lists, listWeights, k);
        }
        if (!titled.isEmpty() && QueryIntent.asksForSimilar(query)) {
            // "Something like X": X (a series named by its title, not by its author's name) is the anchor, not an answer; what resembles X is.
            return similarTo(query, titled.get(0), namedFacets, weights, k);
        }
        if (!named.isEmpty()) {
            lists.add(named);
            listWeights.add(weights.named());
        }
        return fuse(lists, listWeights, k);
    }

    /**
     * The series like {@code anchor}, in the light of what else the message asks for ("like Monster,
     * slow-burn and psychological"): those sharing the anchor's genres, demographic and tags, scored
     * up by the message's other words; those nearest to the anchor's own vector; and the message's
     * other words alone. The anchor's name is taken out of the message first ("Fruits Basket" must
     * not find basketball), and so are the words that only say "like".
     */
    private List<RetrievedDocument> similarTo(RetrievalQuery query, RetrievedDocument anchor, List<RetrievedDocument> namedFacets,
            FusionWeights weights, int k) {
        JsonNode anchorSource = client.send("GET", "/" + KnowledgeIndexMapping.ALIAS + "/_doc/" + anchor.id(), null)
                .map(d -> d.path("_source")).orElse(OpenSearchClient.json().createObjectNode());
        String rest = QueryIntent.withoutSimilarWords(Names.without(query.text(), Names.titles(anchorSource)), query.language());
        RetrievalQuery descriptors = new RetrievalQuery(rest, query.language());
        boolean described = !QueryWords.onlyChatter(rest, query.language());
        List<ObjectNode> bodies = new ArrayList<>(List.of(sharingFacetsBody(anchor.id(), anchorSource, described ? descriptors : null, CANDIDATES),
                likeDocumentBody(anchor.id(), anchorSource, CANDIDATES)));
        if (described) {
            bodies.add(lexicalBody(descriptors, CANDIDATES));
        }
        List<JsonNode> answers = client.multiSearch(KnowledgeIndexMapping.ALIAS, bodies);
        List<List<RetrievedDocument>> lists = new ArrayList<>(List.of(hitsIn(answers.get(0)), hitsIn(answers.get(1))));
        List<Double> listWeights = new ArrayList<>(List.of(weights.sharingFacets(), weights.nearAnchor()));
        if (described) {
            lists.add(hitsIn(answers.get(2)));
            listWeights.add(weights.messageWhenSimilar());
        }
        if (!namedFacets.isEmpty()) {
            lists.add(namedFacets);
            listWeights.add(weights.facets());
        }
        return fuse(lists, listWeights, k + 1).stream().filter(d -> !d.id().equals(anchor.id())).limit(k).toList();
    }

    /**
     * The passages of {@code hits}, in their order, in the asker's language: one {@code _mget} of
     * exactly the fields a passage is built from (the first-stage searches return ids and titles
     * only, so 90 candidates never carry their synopses over the wire). A hit gone from the index
     * since (a concurrent alias swap) is left out.
     */
    public List<Passage> passages(List<RetrievedDocument> hits, String language) {
        if (hits.isEmpty()) {
            return List.of();
        }
        ObjectNode body = OpenSearchClient.json().createObjectNode();
        ArrayNode docs = body.putArray("docs");
        for (RetrievedDocument hit : hits) {
            ObjectNode doc = docs.addObject().put("_id", hit.id());
            Passages.FIELDS.forEach(doc.putArray("_source")::add);
        }
        JsonNode answer = client.send("POST", "/" + KnowledgeIndexMapping.ALIAS + "/_mget", body).orElseThrow(() ->
                new SearchEngineException(404, "no knowledge index: run knowledge ingest"));
        List<Passage> passages = new ArrayList<>();
        for (JsonNode doc : answer.path("docs")) {
            if (doc.path("found").asBoolean(false)) {
                passages.add(Passages.of(doc.path("_source"), language));
            }
        }
        return passages;
    }

    private static ObjectNode lexicalBody(RetrievalQuery query, int k) {
        ObjectNode body = request(k);
        ObjectNode bool = body.putObject("query").putObject("bool");
        ArrayNode should = bool.putArray("should");
        messageClauses(query).forEach(should::add);
        if (!"ja".equals(query.language())) {
            // A misspelt name ("Frieran", "Kota Hirano") still finds its series, below an exact match.
            should.add(multiMatch(QueryWords.withoutChatter(query.text(), query.language()), "best_fields", EN_NAMES, 1.0, true));
        }
        bool.put("minimum_should_match", 1);
        bool.putArray("filter").add(languageFilter(query.language()));
        return body;
    }

    private static ObjectNode vectorBody(RetrievalQuery query, int k, float[] embedding) {
        ObjectNode body = request(k);
        ObjectNode knn = body.putObject("query").putObject("knn").putObject("vector");
        ArrayNode values = knn.putArray("vector");
        for (float v : embedding) {
            values.add(v);
        }
        knn.put("k", k);
        knn.set("filter", languageFilter(query.language()));
        return body;
    }

    /**
     * The series having every facet the message names ("スポーツ漫画" → genre sports; "completed
     * romance" → status completed and genre romance), ordered by how well the rest of the message
     * matches them: BM25 alone lets a shared syllable outrank the genre ("スポーツ" shares "ポー" with
     * "ポーの一族" in the CJK bigram field).
     */
    private static ObjectNode facetBody(RetrievalQuery query, Map<String, Set<String>> facets, int k) {
        ObjectNode body = request(k);
        ObjectNode bool = body.putObject("query").putObject("bool");
        ArrayNode filter = bool.putArray("filter");
        filter.addObject().putObject("term").put("kind", "catalog");
        facets.forEach((field, values) -> {
            ArrayNode terms = filter.addObject().putObject("terms").putArray(field);
            values.forEach(terms::add);
        });
        ArrayNode should = bool.putArray("should");
        messageClauses(query).forEach(should::add);
        return body;
    }

    /**
     * The message's words against the asker's language's fields, chatter removed. For Japanese, the
     * bigram fields get the message without its hiragana: particles and endings ("もの", "ない",
     * "かな") are bigrams too, and on short, heavily boosted title fields they outranked the word
     * that mattered ("忍者ものの漫画ないかな" found へうげもの before NARUTO).
     */
    private static List<ObjectNode> messageClauses(RetrievalQuery query) {
        String text = QueryWords.withoutChatter(query.text(), query.language());
        if (!"ja".equals(query.language())) {
            return List.of(multiMatch(text, "most_fields", EN_FIELDS, 1.0, false));
        }
        List<ObjectNode> clauses = new ArrayList<>(List.of(multiMatch(text, "most_fields", JA_FIELDS, 1.0, false)));
        String bigramText = withoutHiragana(text);
        if (!bigramText.isBlank()) {
            clauses.add(multiMatch(bigramText, "most_fields", JA_BIGRAM_FIELDS, 1.0, false));
        }
        return clauses;
    }

    /** {@code text} with every run of hiragana turned into a space. */
    static String withoutHiragana(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> kept.appendCodePoint(Character.UnicodeScript.of(cp) == Character.UnicodeScript.HIRAGANA ? ' ' : cp));
        return kept.toString().replaceAll("\\s+", " ").strip();
    }

    /**
     * Candidates for the series the message names: BM25 on the name fields. {@link #namedIn} keeps
     * only those one of whose names appears whole in the message, which BM25 alone cannot tell from
     * a shared common word.
     */
    private static ObjectNode namedBody(RetrievalQuery query) {
        ObjectNode body = OpenSearchClient.json().createObjectNode();
        body.put("size", CANDIDATES);
        ArrayNode source = body.putArray("_source");
        for (String field : new String[] {"id", "kind", "title_en", "title_ja", "aliases", "authors_en", "authors_ja"}) {
            source.add(field);
        }
        ObjectNode bool = body.putObject("query").putObject("bool");
        boolean ja = "ja".equals(query.language());
        ArrayNode should = bool.putArray("should");
        should.add(multiMatch(query.text(), "best_fields", ja ? JA_NAME_CANDIDATES : EN_NAME_CANDIDATES, 1.0, false));
        if (!ja) {
            // Misspelt titles ("Frieran") are candidates too, for Names.mentionsApproximately to judge.
            should.add(multiMatch(query.text(), "best_fields", EN_NAME_CANDIDATES, 0.5, true));
        }
        bool.put("minimum_should_match", 1);
        bool.putArray("filter").addObject().putObject("term").put("kind", "catalog");
        return body;
    }

    /**
     * The candidates one of whose {@code names} the message mentions; with {@code approximately},
     * after those, the ones it mentions misspelt ({@link Names#mentionsApproximately}).
     */
    private static List<RetrievedDocument> namedIn(RetrievalQuery query, JsonNode answer, Function<JsonNode, List<String>> names,
            boolean approximately) {
        String message = Names.normalize(query.text());
        List<RetrievedDocument> named = new ArrayList<>();
        List<RetrievedDocument> misspelt = new ArrayList<>();
        for (JsonNode hit : answer.path("hits").path("hits")) {
            JsonNode d = hit.path("_source");
            RetrievedDocument document = new RetrievedDocument(d.path("id").asText(), "catalog", hit.path("_score").asDouble());
            if (names.apply(d).stream().anyMatch(name -> Names.mentions(message, name))) {
                named.add(document);
            } else if (approximately && names.apply(d).stream().anyMatch(name -> Names.mentionsApproximately(message, name))) {
                misspelt.add(document);
            }
        }
        named.addAll(misspelt);
        return named;
    }

    /**
     * Catalog series having one of the message's word pairs as a whole tag ("magical girls" →
     * {@code magical-girl}): BM25 over the words alone lets "girl" in a hundred synopses outrank the
     * tag, and a pair matched inside a longer tag, or across two, is not what the message named.
     */
    private static ObjectNode tagPhraseBody(List<String> pairs, int k) {
        ObjectNode body = request(k);
        ObjectNode bool = body.putObject("query").putObject("bool");
        ArrayNode should = bool.putArray("should");
        for (String pair : pairs) {
            String tag = pair.toLowerCase(Locale.ROOT).replace(' ', '-');
            should.addObject().putObject("term").put("tags", tag);
            if (tag.endsWith("s") && !tag.endsWith("ss")) {
                should.addObject().putObject("term").put("tags", tag.substring(0, tag.length() - 1));
            }
        }
        bool.put("minimum_should_match", 1);
        bool.putArray("filter").addObject().putObject("term").put("kind", "catalog");
        return body;
    }

    /**
     * The other series by any of {@code id}'s creators (as the named search returned them), each
     * creator's name as a phrase: "ONE" made Mob Psycho 100 and wrote One-Punch Man.
     */
    private static ObjectNode creatorsWorksBody(String id, JsonNode namedAnswer, int k) {
        ObjectNode body = request(k);
        ObjectNode bool = body.putObject("query").putObject("bool");
        ArrayNode should = bool.putArray("should");
        for (JsonNode hit : namedAnswer.path("hits").path("hits")) {
            JsonNode source = hit.path("_source");
            if (id.equals(source.path("id").asText())) {
                for (String field : new String[] {"authors_en", "authors_ja"}) {
                    creators(source, field).forEach(name -> should.addObject().putObject("match_phrase").put(field, name));
                }
            }
        }
        if (should.isEmpty()) {
            body.putObject("query").putObject("match_none");
            return body;
        }
        bool.put("minimum_should_match", 1);
        bool.putArray("filter").add(otherCatalogDocuments(id));
        return body;
    }

    /** Catalog documents nearest to the anchor's own vector (its English description), the anchor excluded. */
    private static ObjectNode likeDocumentBody(String id, JsonNode source, int k) {
        ObjectNode body = request(k);
        if (!source.path("vector").isArray()) {
            body.putObject("query").putObject("match_none");
            return body;
        }
        ObjectNode knn = body.putObject("query").putObject("knn").putObject("vector");
        knn.set("vector", source.path("vector"));
        knn.put("k", k + 1);
        knn.set("filter", otherCatalogDocuments(id));
        return body;
    }

    /**
     * Catalog documents sharing the anchor's genres, demographic, tags (whole) and creators, most
     * shared first, the anchor excluded; with {@code descriptors}, those matching the message's
     * other words count more.
     */
    private static ObjectNode sharingFacetsBody(String id, JsonNode source, RetrievalQuery descriptors, int k) {
        ObjectNode body = request(k);
        ObjectNode bool = body.putObject("query").putObject("bool");
        ArrayNode should = bool.putArray("should");
        source.path("genres").forEach(g -> should.addObject().putObject("term").putObject("genres").put("value", g.asText()).put("boost", 2.0));
        if (source.hasNonNull("demographic")) {
            should.addObject().putObject("term").putObject("demographic").put("value", source.path("demographic").asText()).put("boost", 1.5);
        }
        source.path("tags").forEach(t -> should.addObject().putObject("term").putObject("tags").put("value", t.asText()).put("boost", TAG_BOOST));
        creators(source, "authors_en").forEach(name -> should.addObject().putObject("match_phrase").putObject("authors_en").put("query", name)
                .put("boost", CREATOR_BOOST));
        if (descriptors != null) {
            messageClauses(descriptors).forEach(clause -> {
                ((ObjectNode) clause.path("multi_match")).put("boost", DESCRIPTOR_BOOST);
                should.add(clause);
            });
        }
        bool.put("minimum_should_match", 1);
        bool.putArray("filter").add(otherCatalogDocuments(id));
        return body;
    }

    /** Each creator's name in a document's {@code field}, as ingestion joins them ("ONE / Yusuke Murata"). */
    private static List<String> creators(JsonNode source, String field) {
        return Arrays.stream(source.path(field).asText("").split(" / ")).map(String::strip).filter(name -> !name.isEmpty()).toList();
    }

    private static ObjectNode otherCatalogDocuments(String id) {
        ObjectNode filter = OpenSearchClient.json().createObjectNode();
        ObjectNode bool = filter.putObject("bool");
        bool.putArray("filter").addObject().putObject("term").put("kind", "catalog");
        bool.putArray("must_not").addObject().putObject("ids").putArray("values").add(id);
        return filter;
    }

    private static ObjectNode multiMatch(String text, String type, String[] fields, double boost, boolean fuzzy) {
        ObjectNode clause = OpenSearchClient.json().createObjectNode();
        ObjectNode match = clause.putObject("multi_match");
        match.put("query", text).put("type", type).put("boost", boost);
        if ("best_fields".equals(type)) {
            match.put("tie_breaker", 0.3);
        }
        if (fuzzy) {
            match.put("fuzziness", "AUTO").put("prefix_length", 1);
        }
        ArrayNode names = match.putArray("fields");
        for (String field : fields) {
            names.add(field);
        }
        return clause;
    }

    /** Reciprocal rank fusion of ranked lists, each list's contributions scaled by its weight. */
    static List<RetrievedDocument> fuse(List<List<RetrievedDocument>> lists, List<Double> weights, int k) {
        Map<String, Double> scores = new HashMap<>();
        Map<String, RetrievedDocument> first = new LinkedHashMap<>();
        for (int l = 0; l < lists.size(); l++) {
            List<RetrievedDocument> list = lists.get(l);
            double weight = weights.get(l);
            for (int rank = 0; rank < list.size(); rank++) {
                RetrievedDocument document = list.get(rank);
                scores.merge(document.id(), weight / (RRF_K + rank + 1), Double::sum);
                first.putIfAbsent(document.id(), document);
            }
        }
        return first.values().stream().map(d -> new RetrievedDocument(d.id(), d.kind(), scores.get(d.id())))
                .sorted((a, b) -> Double.compare(b.score(), a.score())).limit(k).toList();
    }

    /**
     * A first-stage search of {@code k} hits that reads each hit's id and kind from doc values and
     * never loads its stored source: measured, a third of the node's CPU per question went to
     * decompressing sources the fusion does not need (docs/benchmarks.md).
     */
    private static ObjectNode request(int k) {
        ObjectNode body = OpenSearchClient.json().createObjectNode();
        body.put("size", k);
        body.put("_source", false);
        body.putArray("docvalue_fields").add("id").add("kind");
        return body;
    }

    /** Catalog documents, or policies in the asker's language. */
    private static ObjectNode languageFilter(String language) {
        ObjectNode filter = OpenSearchClient.json().createObjectNode();
        ObjectNode bool = filter.putObject("bool");
        ArrayNode should = bool.putArray("should");
        should.addObject().putObject("term").put("kind", "catalog");
        should.addObject().putObject("term").put("lang", language);
        bool.put("minimum_should_match", 1);
        return filter;
    }

    private List<RetrievedDocument> hits(ObjectNode body) {
        return hitsIn(client.send("POST", "/" + KnowledgeIndexMapping.ALIAS + "/_search", body).orElseThrow(() ->
                new SearchEngineException(404, "no knowledge index: run knowledge ingest")));
    }

    private static List<RetrievedDocument> hitsIn(JsonNode answer) {
        List<RetrievedDocument> documents = new ArrayList<>();
        for (JsonNode hit : answer.path("hits").path("hits")) {
            JsonNode fields = hit.path("fields");
            documents.add(new RetrievedDocument(fields.path("id").path(0).asText(), fields.path("kind").path(0).asText(), hit.path("_score").asDouble()));
        }
        return documents;
    }
}
