package com.mangaassist.infra.artifacts;

import com.mangaassist.releasecontract.SigningProfiles;
import java.util.Objects;

/**
 * The names of an environment's artifact resources, derived from the environment, account and
 * region alone. The artifacts stack creates resources under these names and the platform stack
 * refers to them by the same derivation, so neither stack exports anything the other imports:
 * CloudFormation never locks an artifacts resource against replacement because a platform stack
 * uses it (ADR 0016).
 *
 * @param account the account id; a token in an account-agnostic artifacts synth
 * @param region  the region; a token in an account-agnostic artifacts synth
 */
public record ArtifactNames(String environment, String account, String region) {

    public ArtifactNames {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(region, "region");
    }

    public String orchestratorRepository() {
        return "mangaassist-" + environment + "-orchestrator";
    }

    public String gpuEndpointRepository() {
        return "mangaassist-" + environment + "-gpu-endpoint";
    }

    /** Bucket names are global: the account id makes this one unique to the account's environment. */
    public String bucket() {
        return "mangaassist-" + environment + "-artifacts-" + account;
    }

    /** The account's ECR registry host in the region. */
    public String registry() {
        return account + ".dkr.ecr." + region + "." + (region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com");
    }

    /** The release build signs the overflow function with this profile, and the gate requires it ({@link SigningProfiles}). */
    public String signingProfile() {
        return SigningProfiles.overflowFunction(environment);
    }

    /**
     * The SSM parameter holding the signing profile's version ARN (what a code signing config
     * names): Signer assigns the version, so the platform stack resolves it at deploy time instead
     * of importing an export.
     */
    public String signingProfileVersionArnParameter() {
        return "/mangaassist/" + environment + "/overflow-signing-profile-version-arn";
    }
}
