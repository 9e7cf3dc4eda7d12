package com.mangaassist.gpu.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.mangaassist.shared.contract.LogEvents;
import com.mangaassist.shared.contract.SettingNames;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.event.KeyValuePair;

/**
 * Logback's JSON encoder with one more top-level field on every event: {@link LogEvents#DEPLOYMENT_FIELD},
 * the deployment running this process. CloudWatch Logs metric filters take a dimension's value only
 * from a field of the event itself, so this field is what puts the gpu-endpoint's log-derived
 * metrics ({@code OOMEscalation}, {@code OOMTrips}, {@code WarmupFailures}) under the same
 * {@code deployment} dimension as every other metric of the platform.
 *
 * <p>Logback starts before Micronaut reads its configuration, so the setting is read here the way
 * the platform sets it: {@link SettingNames#METRICS_DEPLOYMENT} as a system property (local runs),
 * else as its environment variable ({@code METRICS_DEPLOYMENT}, which the CDK app gives the
 * SageMaker model: the stack's name). {@link LogEvents#TIER_FIELD} likewise, from
 * {@link SettingNames#METRICS_TIER}.
 */
public class DeploymentJsonEncoder extends JsonEncoder {

    /** JsonEncoder's own members and ours: a key-value pair never overwrites one. */
    private static final Set<String> RESERVED = Set.of("sequenceNumber", "timestamp", "nanoseconds", "level", "threadName", "loggerName",
            "context", "markers", "mdc", "kvpList", "message", "formattedMessage", "arguments", "throwable", LogEvents.DEPLOYMENT_FIELD, LogEvents.TIER_FIELD);

    /** Where nothing sets the deployment (a developer's machine): the overflow function's default too. */
    static final String UNSET = "local";
    /** Where nothing sets the tier: a single-tier deployment's only one. */
    static final String SMALL_TIER = "small";

    private final UnaryOperator<String> systemProperties;
    private final UnaryOperator<String> environment;
    private volatile String deployment = UNSET;
    private volatile String tier = SMALL_TIER;

    /** What logback.xml instantiates. */
    public DeploymentJsonEncoder() {
        this(System::getProperty, System::getenv);
    }

    DeploymentJsonEncoder(UnaryOperator<String> systemProperties, UnaryOperator<String> environment) {
        this.systemProperties = Objects.requireNonNull(systemProperties, "systemProperties");
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public void start() {
        deployment = firstSet(systemProperties.apply(SettingNames.METRICS_DEPLOYMENT),
                environment.apply(SettingNames.environmentVariable(SettingNames.METRICS_DEPLOYMENT)), UNSET);
        tier = firstSet(systemProperties.apply(SettingNames.METRICS_TIER),
                environment.apply(SettingNames.environmentVariable(SettingNames.METRICS_TIER)), SMALL_TIER);
        super.start();
    }

    /** The value every event carries once started. */
    public String deployment() {
        return deployment;
    }

    /** The tier every event carries once started. */
    public String tier() {
        return tier;
    }

    @Override
    protected void appendCustomFields(StringBuilder json, ILoggingEvent event) {
        // JsonEncoder writes every member after the first with its leading separator; so does this one.
        json.append(',').append('"').append(LogEvents.DEPLOYMENT_FIELD).append("\":\"").append(escaped(deployment)).append('"');
        json.append(',').append('"').append(LogEvents.TIER_FIELD).append("\":\"").append(escaped(tier)).append('"');
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs == null) {
            return;
        }
        // Each key-value pair (SLF4J's addKeyValue) as a top-level field, a number as a JSON number: a metric filter takes a
        // metric's value only from a field of the event (the engine signals, ADR 0036). A value that is no number (NaN) is left out.
        for (KeyValuePair pair : pairs) {
            if (pair.key == null || RESERVED.contains(pair.key)) {
                continue;
            }
            if (pair.value instanceof Number number) {
                double value = number.doubleValue();
                if (Double.isNaN(value) || Double.isInfinite(value)) {
                    continue;
                }
                json.append(",\"").append(escaped(pair.key)).append("\":").append(number);
            } else {
                json.append(",\"").append(escaped(pair.key)).append("\":\"").append(escaped(String.valueOf(pair.value))).append('"');
            }
        }
    }

    private static String firstSet(String property, String variable, String unset) {
        if (property != null && !property.isBlank()) {
            return property.strip();
        }
        return variable != null && !variable.isBlank() ? variable.strip() : unset;
    }

    private static String escaped(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
