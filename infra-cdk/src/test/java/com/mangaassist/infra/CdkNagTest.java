package com.mangaassist.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** cdk-nag's AWS Solutions pack finds nothing unsuppressed in either environment. */
class CdkNagTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void awsSolutionsChecks_reportNoUnsuppressedErrors(String env) {
        List<SynthesisMessage> errors = SynthesizedPlatform.of(env).annotations().findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));

        assertThat(errors).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void awsSolutionsChecks_reportNoUnsuppressedWarnings(String env) {
        List<SynthesisMessage> warnings = SynthesizedPlatform.of(env).annotations().findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));

        assertThat(warnings).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
    }
}
