package com.mangaassist.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * cdk-nag's AWS Solutions pack finds nothing unsuppressed in either stack of either environment,
 * with and without the knowledge ingestion task ({@code -c knowledgeDataPrefix}).
 */
class CdkNagTest {

    static Stream<Arguments> stacks() {
        return Stream.of("dev", "prod").flatMap(env -> Stream.of(
                Arguments.of(env + " platform", SynthesizedPlatform.of(env).annotations()),
                Arguments.of(env + " platform with knowledge ingestion", SynthesizedPlatform.withKnowledgeData(env).annotations()),
                Arguments.of(env + " artifacts", SynthesizedPlatform.of(env).artifactsAnnotations())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void awsSolutionsChecks_reportNoUnsuppressedErrors(String stack, Annotations annotations) {
        List<SynthesisMessage> errors = annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));

        assertThat(errors).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void awsSolutionsChecks_reportNoUnsuppressedWarnings(String stack, Annotations annotations) {
        List<SynthesisMessage> warnings = annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));

        assertThat(warnings).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
    }
}
