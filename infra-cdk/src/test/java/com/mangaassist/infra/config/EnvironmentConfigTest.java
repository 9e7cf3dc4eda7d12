package com.mangaassist.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The presets' builder: a copy changes only what it is told, and {@code build()} checks as the constructor does. */
class EnvironmentConfigTest {

    @Test
    void toBuilder_whenNothingChanges_buildsAnEqualConfig() {
        assertThat(EnvironmentConfig.dev().toBuilder().build()).isEqualTo(EnvironmentConfig.dev());
        assertThat(EnvironmentConfig.prod().toBuilder().build()).isEqualTo(EnvironmentConfig.prod());
    }

    @Test
    void toBuilder_whenOneComponentChanges_keepsEveryOther() {
        EnvironmentConfig prod = EnvironmentConfig.prod();

        EnvironmentConfig changed = prod.toBuilder().overflowMaxConcurrency(100).largeGpu(null).build();

        assertThat(changed.overflowMaxConcurrency()).isEqualTo(100);
        assertThat(changed.largeGpu()).isNull();
        assertThat(changed.toBuilder().overflowMaxConcurrency(prod.overflowMaxConcurrency()).largeGpu(prod.largeGpu()).build()).isEqualTo(prod);
    }

    @Test
    void build_runsTheRecordsOwnChecks() {
        assertThatThrownBy(() -> EnvironmentConfig.dev().toBuilder().orchestratorMaxTasks(0).build())
                .isInstanceOf(InvalidContextException.class).hasMessageStartingWith(ContextKeys.ORCHESTRATOR_MAX_TASKS + "=0");
        assertThatThrownBy(() -> EnvironmentConfig.builder().build()).isInstanceOf(NullPointerException.class).hasMessage("name");
    }
}
