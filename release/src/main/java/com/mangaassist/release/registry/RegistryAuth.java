package com.mangaassist.release.registry;

import java.util.Base64;
import java.util.Optional;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;

/** The {@code Authorization} header a registry wants: none for the local one, ECR's token in AWS. */
@FunctionalInterface
public interface RegistryAuth {

    Optional<String> authorization();

    /** A registry that asks for nothing (the local one on loopback). */
    static RegistryAuth anonymous() {
        return Optional::empty;
    }

    /** ECR: basic auth with the 12-hour token GetAuthorizationToken returns (already base64 of {@code AWS:<password>}). */
    static RegistryAuth ecr(EcrClient ecr) {
        AuthorizationData data = ecr.getAuthorizationToken().authorizationData().get(0);
        String header = "Basic " + data.authorizationToken();
        // Fail now, with a clear reason, rather than on the first push.
        if (!new String(Base64.getDecoder().decode(data.authorizationToken()), java.nio.charset.StandardCharsets.UTF_8).startsWith("AWS:")) {
            throw new IllegalStateException("ECR returned an authorization token of an unknown form");
        }
        return () -> Optional.of(header);
    }
}
