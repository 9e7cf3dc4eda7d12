package com.mangaassist.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.infra.inference.InstanceStorage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The KMS rule of SageMaker endpoint configurations, as data: local NVMe families take no key. */
class InstanceStorageTest {

    @ParameterizedTest
    @ValueSource(strings = {"ml.g5.xlarge", "ml.g5.48xlarge", "ml.g4dn.2xlarge", "ml.g6.xlarge", "ml.g6e.2xlarge", "ml.p4d.24xlarge",
            "ml.p5.48xlarge", "ml.p3dn.24xlarge", "ml.m5d.large", "ml.c5d.xlarge", "ml.r5d.2xlarge", "ml.trn1.2xlarge", "ml.p6-b200.48xlarge"})
    void acceptsVolumeKmsKey_whenInstancesHaveLocalNvme_isFalse(String type) {
        assertThat(InstanceStorage.acceptsVolumeKmsKey(type)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ml.p3.2xlarge", "ml.m5.xlarge", "ml.c5.large", "ml.r5.xlarge", "ml.inf2.xlarge", "ml.t2.medium"})
    void acceptsVolumeKmsKey_whenInstancesAreEbsOnly_isTrue(String type) {
        assertThat(InstanceStorage.acceptsVolumeKmsKey(type)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"g5.xlarge", "ml.g5", "ec2.g5.xlarge"})
    void hasLocalNvme_whenNotASageMakerType_refuses(String type) {
        assertThatThrownBy(() -> InstanceStorage.hasLocalNvme(type)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a SageMaker instance type");
    }
}
