package com.mangaassist.release.promotion;

/** A cosign signature by the release key covers the released digest. */
final class ImageSignatureCheck implements EvidenceCheck<ReleasedImage> {

    private final ImageEvidence registry;

    ImageSignatureCheck(ImageEvidence registry) {
        this.registry = registry;
    }

    @Override
    public void check(ReleasedImage image, Refusals refusals) {
        String digest = image.digest();
        switch (registry.signature(image.image())) {
            case VERIFIED -> { }
            case UNSIGNED -> refusals.add(digest + " is not signed");
            case OTHER_KEY -> refusals.add(digest + " is signed, but not by the trusted key");
            case FOR_ANOTHER_DIGEST -> refusals.add("the trusted key's signature next to " + digest + " covers another digest");
        }
    }
}
