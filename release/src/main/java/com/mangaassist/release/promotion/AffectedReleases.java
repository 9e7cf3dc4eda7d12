package com.mangaassist.release.promotion;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.release.signing.CosignStore;
import com.mangaassist.release.signing.SbomStatement;
import com.mangaassist.releasecontract.ReleaseManifest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Incident triage from the SBOMs (the seeds' Log4Shell drill): every release in the ledger whose
 * signed SBOM holds a component, which image, and whether it is what an environment runs now (its
 * latest promotion there). Only SBOMs signed by the trusted key and bound to the image's digest
 * count.
 */
public final class AffectedReleases {

    /** One image of one promoted release that holds the component. */
    public record Hit(String release, String environment, String image, String component, boolean runningNow, boolean revoked) {
    }

    private AffectedReleases() {
    }

    public static List<Hit> find(List<ReleaseLedger.Entry> ledger, DeniedComponents query, Function<ReleaseManifest, CosignStore> storeFor,
                                 PublicKey key) {
        Map<String, String> latest = new HashMap<>();
        List<String> revoked = new ArrayList<>();
        for (ReleaseLedger.Entry entry : ledger) {
            if (entry.promotion()) {
                latest.put(entry.environment(), entry.release());
            } else {
                revoked.add(entry.release());
            }
        }
        List<Hit> hits = new ArrayList<>();
        for (ReleaseLedger.Entry entry : ledger) {
            if (!entry.promotion()) {
                continue;
            }
            ReleaseManifest manifest = entry.manifest();
            CosignStore store = storeFor.apply(manifest);
            for (ReleaseManifest.ImageRef image : List.of(manifest.images().orchestrator(), manifest.images().gpuEndpoint())) {
                List<JsonNode> sboms = store.verifiedStatements(image.name(), image.digest(), SbomStatement.PREDICATE_TYPE, key).stream()
                        .filter(statement -> SbomStatement.boundTo(statement, image.digest())).toList();
                if (sboms.isEmpty()) {
                    continue;
                }
                for (String component : query.violations(sboms.get(sboms.size() - 1).path("predicate"))) {
                    hits.add(new Hit(manifest.release(), entry.environment(), image.reference(), component,
                            entry.release().equals(latest.get(entry.environment())), revoked.contains(manifest.release())));
                }
            }
        }
        return hits;
    }
}
