package com.mangaassist.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;

/** Every cdk-nag finding the artifacts stack accepts, on its one resource, with the reason. */
final class NagSuppressionsForArtifacts {

    private NagSuppressionsForArtifacts() {
    }

    static void apply(ArtifactsStack stack) {
        NagSuppressions.addResourceSuppressions(stack.store().accessLogs(), List.of(NagPackSuppression.builder().id("AwsSolutions-S1")
                .reason("This bucket is the access-log destination itself; logging it into itself would loop.").build()), true);
    }
}
