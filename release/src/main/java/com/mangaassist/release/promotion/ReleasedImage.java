package com.mangaassist.release.promotion;

import com.mangaassist.releasecontract.ReleaseManifest;

/** An image of the release being judged, for promotion to {@code environment}. */
record ReleasedImage(ReleaseManifest.ImageRef image, ReleaseManifest manifest, String environment) {

    String name() {
        return image.name();
    }

    String digest() {
        return image.digest();
    }
}
