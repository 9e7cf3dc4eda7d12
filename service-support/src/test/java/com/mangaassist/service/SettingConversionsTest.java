package com.mangaassist.service;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.shared.contract.InvalidSettingException;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingConversionsTest {

    enum Mode { HYBRID, OVERFLOW_ONLY }

    record Settings(int capacity, double cpuHigh, Duration ttftSla, Mode mode, String name, boolean enabled) {
    }

    private static PropertySourcePropertyResolver properties(Map<String, Object> values) {
        return new PropertySourcePropertyResolver(PropertySource.of("test", values));
    }

    @Test
    void verify_whenEveryValueConverts_acceptsThem() {
        assertThatCode(() -> SettingConversions.verify(Settings.class, "svc",
                properties(Map.of("svc.capacity", "12", "svc.cpu-high", "0.8", "svc.ttft-sla", "2s", "svc.mode", "OVERFLOW_ONLY", "svc.name", "x"))))
                .doesNotThrowAnyException();
    }

    @Test
    void verify_whenNothingIsSet_acceptsTheDefaults() {
        assertThatCode(() -> SettingConversions.verify(Settings.class, "svc", properties(Map.of()))).doesNotThrowAnyException();
    }

    @Test
    void verify_whenAWholeNumberHasATypo_refusesNamingTheVariableTheKeyAndTheValue() {
        assertThatThrownBy(() -> SettingConversions.verify(Settings.class, "svc", properties(Map.of("svc.capacity", "12x"))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("SVC_CAPACITY (svc.capacity) is '12x': it must be a whole number");
    }

    @Test
    void verify_whenADurationOrAnEnumDoesNotConvert_refusesSayingWhatIsExpected() {
        assertThatThrownBy(() -> SettingConversions.verify(Settings.class, "svc", properties(Map.of("svc.ttft-sla", "two seconds"))))
                .hasMessageContaining("it must be a duration");
        assertThatThrownBy(() -> SettingConversions.verify(Settings.class, "svc", properties(Map.of("svc.mode", "burst"))))
                .hasMessageEndingWith("it must be one of hybrid overflow-only");
    }
}
