package com.mangaassist.release.promotion;

import com.mangaassist.releasecontract.ReleaseManifest;

/** An object of the release in the artifact bucket (the Lambda zip, a model tarball), for promotion to {@code environment}. */
record ReleasedObject(ReleaseManifest.ObjectRef object, ReleaseManifest manifest, String environment) {
}
