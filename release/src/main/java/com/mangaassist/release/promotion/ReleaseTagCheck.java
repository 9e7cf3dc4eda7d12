package com.mangaassist.release.promotion;

import com.mangaassist.release.registry.OciRegistry;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The registry still serves the released digest under the release's tag: a tag that now names
 * other content was re-pushed (deleted and pushed anew). A registry that cannot be read ends the
 * image's checks, since none of its other evidence can be read either.
 */
final class ReleaseTagCheck implements EvidenceCheck<ReleasedImage> {

    private final ImageEvidence registry;

    ReleaseTagCheck(ImageEvidence registry) {
        this.registry = registry;
    }

    @Override
    public void check(ReleasedImage image, Refusals refusals) {
        String release = image.manifest().release();
        Optional<String> tagged;
        try {
            tagged = registry.taggedDigest(image.image(), release);
        } catch (OciRegistry.RegistryException | UncheckedIOException e) {
            throw new Stop("the registry could not be read: " + e.getMessage());
        }
        if (tagged.isEmpty()) {
            refusals.add(image.name() + ":" + release + " is not in the registry");
        } else if (!tagged.get().equals(image.digest())) {
            refusals.add("tag " + release + " now names " + tagged.get() + ", not the released " + image.digest() + " (re-pushed with other content)");
        }
    }
}
