package com.mangaassist.planner.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.planner.config.PlannerConfig.GpuTierSettings;
import org.junit.jupiter.api.Test;

/** A tier's builder: a copy changes only what it is told. */
class GpuTierSettingsTest {

    @Test
    void toBuilder_whenNothingChanges_buildsAnEqualTier() {
        GpuTierSettings small = PlannerConfig.defaults().gpu().small();

        assertThat(small.toBuilder().build()).isEqualTo(small);
    }

    @Test
    void toBuilder_whenOneComponentChanges_keepsEveryOther() {
        GpuTierSettings small = PlannerConfig.defaults().gpu().small();

        GpuTierSettings changed = small.toBuilder().minInstances(small.minInstances() + 1).build();

        assertThat(changed.minInstances()).isEqualTo(small.minInstances() + 1);
        assertThat(changed.toBuilder().minInstances(small.minInstances()).build()).isEqualTo(small);
    }

    @Test
    void withoutLargeTier_turnsOnlyTheLargeTierOff() {
        PlannerConfig config = PlannerConfig.defaults();

        PlannerConfig off = config.withoutLargeTier();

        assertThat(off.gpu().large().enabled()).isFalse();
        assertThat(off.gpu().large().toBuilder().enabled(config.gpu().large().enabled()).build()).isEqualTo(config.gpu().large());
        assertThat(off.gpu().small()).isEqualTo(config.gpu().small());
    }
}
