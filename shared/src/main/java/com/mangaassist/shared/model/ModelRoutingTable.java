package com.mangaassist.shared.model;

import com.mangaassist.shared.domain.ModelTier;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.JsonFields;
import com.mangaassist.shared.wire.WireCodecs;
import com.mangaassist.shared.wire.WireError;
import com.mangaassist.shared.wire.WireIds;
import com.mangaassist.shared.wire.WireJson;
import com.mangaassist.shared.wire.WireLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The configuration {@link ModelSelector} reads: language → LoRA adapter, and one endpoint per
 * tier. Loaded from JSON (see {@code default-model-routing.json} for the shape).
 *
 * @param adapterByLanguage  keyed by lower-case primary language subtag ("ja", "en")
 * @param largeTierThreshold complexity score from which a turn goes to the large tier
 * @param largeDeployed      whether the deployment runs a large tier; without one the turns the score sends there
 *                           go to the small tier (the selection says so)
 */
public record ModelRoutingTable(
        Map<String, String> adapterByLanguage,
        String defaultAdapter,
        EndpointTarget small,
        EndpointTarget large,
        int largeTierThreshold,
        boolean largeDeployed) {

    private static final String DEFAULT_RESOURCE = "/com/mangaassist/shared/model/default-model-routing.json";

    public ModelRoutingTable {
        Objects.requireNonNull(defaultAdapter, "defaultAdapter");
        Objects.requireNonNull(small, "small");
        Objects.requireNonNull(large, "large");
        adapterByLanguage = Map.copyOf(adapterByLanguage);
        if (largeTierThreshold < 0 || largeTierThreshold > 101) {
            throw new IllegalArgumentException("largeTierThreshold must be within 0..101 (101 disables the large tier), got " + largeTierThreshold);
        }
    }

    public EndpointTarget endpoint(ModelTier tier) {
        return tier == ModelTier.LARGE ? large : small;
    }

    /** The adapter for a BCP 47 locale, by its primary language; the default when unknown or absent. */
    public String adapterFor(String locale) {
        if (locale == null || locale.isEmpty()) {
            return defaultAdapter;
        }
        int dash = locale.indexOf('-');
        String language = (dash < 0 ? locale : locale.substring(0, dash)).toLowerCase(Locale.ROOT);
        return adapterByLanguage.getOrDefault(language, defaultAdapter);
    }

    /**
     * This table with its endpoint names replaced: a deployment names its own endpoints. With no
     * large endpoint ({@code null} or blank), every turn goes to the small one.
     */
    public ModelRoutingTable withEndpoints(String smallEndpoint, String largeEndpoint) {
        EndpointTarget smallTarget = new EndpointTarget(smallEndpoint, small.contextWindow(), small.maxOutputTokens());
        if (largeEndpoint == null || largeEndpoint.isBlank()) {
            return new ModelRoutingTable(adapterByLanguage, defaultAdapter, smallTarget, smallTarget, largeTierThreshold, false);
        }
        return new ModelRoutingTable(adapterByLanguage, defaultAdapter, smallTarget,
                new EndpointTarget(largeEndpoint, large.contextWindow(), large.maxOutputTokens()), largeTierThreshold, true);
    }

    /** The table bundled with the platform. */
    public static ModelRoutingTable defaults() {
        try (InputStream in = ModelRoutingTable.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled resource " + DEFAULT_RESOURCE);
            }
            return fromJson(in.readAllBytes()).value();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Decoded<ModelRoutingTable> fromJson(byte[] json) {
        return WireCodecs.decodeObject(WireJson.create(WireLimits.defaults()), json, ModelRoutingTable::read);
    }

    private static ModelRoutingTable read(JsonNode root) {
        JsonFields f = WireCodecs.fields(root);
        f.rejectUnknown(Set.of("adapters", "defaultAdapter", "tiers", "largeTierThreshold"));
        JsonNode adapters = root.get("adapters");
        if (adapters == null || !adapters.isObject()) {
            throw WireCodecs.violation(WireError.ofField(ErrorCode.MISSING_FIELD, "adapters", "'adapters' must be an object of language -> adapter"));
        }
        Map<String, String> byLanguage = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : adapters.properties()) {
            if (!entry.getValue().isTextual() || !WireIds.isValidId(entry.getValue().textValue())) {
                throw WireCodecs.violation(WireError.ofField(ErrorCode.INVALID_FIELD, "adapters." + entry.getKey(), "adapter names must be ids"));
            }
            byLanguage.put(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue().textValue());
        }
        JsonFields tiers = f.requiredObject("tiers");
        tiers.rejectUnknown(Set.of("small", "large"));
        try {
            return new ModelRoutingTable(byLanguage, f.requiredId("defaultAdapter"), readTarget(tiers.requiredObject("small")),
                    readTarget(tiers.requiredObject("large")), f.requiredInt("largeTierThreshold", 0, 101), true);
        } catch (IllegalArgumentException e) {
            throw WireCodecs.violation(WireError.ofField(ErrorCode.INVALID_FIELD, "tiers", e.getMessage()));
        }
    }

    private static EndpointTarget readTarget(JsonFields t) {
        t.rejectUnknown(Set.of("endpointName", "contextWindow", "maxOutputTokens"));
        return new EndpointTarget(t.requiredId("endpointName"), t.requiredInt("contextWindow", 64, 10_000_000),
                t.requiredInt("maxOutputTokens", 1, 10_000_000));
    }
}
