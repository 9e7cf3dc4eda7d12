package com.mangaassist.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.contract.InvalidSettingException;
import io.micronaut.context.exceptions.BeanInstantiationException;
import org.junit.jupiter.api.Test;

class ServiceLauncherTest {

    @Test
    void settingProblem_whenASettingCausedTheFailureDeepDown_isItsOneSentence() {
        InvalidSettingException missing = InvalidSettingException.missing("pipeline.conversation-table", "the DynamoDB table that holds conversations");
        RuntimeException failure = new IllegalStateException("Error starting", new BeanInstantiationException("Error instantiating bean", missing));

        assertThat(ServiceLauncher.settingProblem(failure))
                .isEqualTo("PIPELINE_CONVERSATION_TABLE (pipeline.conversation-table) is not set: it must name the DynamoDB table that holds conversations");
    }

    @Test
    void settingProblem_whenNoSettingCausedIt_isNull() {
        assertThat(ServiceLauncher.settingProblem(new IllegalStateException("port in use"))).isNull();
    }
}
