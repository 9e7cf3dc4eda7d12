package com.mangaassist.releasecontract;

/**
 * The AWS Signer profile an environment's overflow function is signed with: the artifacts stack
 * creates it under this name, the release build signs with it, and the promotion gate requires a
 * signing job of exactly this profile, so all three derive it here.
 */
public final class SigningProfiles {

    private SigningProfiles() {
    }

    /** Signer allows letters, digits and underscores only. */
    public static String overflowFunction(String environment) {
        return "MangaAssist_" + environment.replace('-', '_') + "_overflow";
    }
}
