package com.mangaassist.service;

import com.mangaassist.shared.contract.InvalidSettingException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.ConfigurationReader;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.naming.NameUtils;
import io.micronaut.core.value.PropertyResolver;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.qualifiers.Qualifiers;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Locale;

/**
 * Refuses, at start, a setting whose value does not convert to its type. Micronaut binds a
 * {@code @ConfigurationProperties} component whose value it cannot convert to its default,
 * silently (micronaut-core#4762): {@code ORCHESTRATOR_CAPACITY=12x} would run the task at the
 * default capacity, a value nobody chose. Every settings record of ours is checked, component by
 * component, against the raw value the environment holds for it; a nested settings record is a
 * bean definition of its own and is checked as one.
 */
@Context
final class SettingConversions {

    SettingConversions(ApplicationContext context) {
        verify(context, context.getEnvironment());
    }

    /** @throws InvalidSettingException naming the first setting whose value does not convert */
    static void verify(ApplicationContext context, PropertyResolver properties) {
        for (BeanDefinition<?> definition : context.getBeanDefinitions(Qualifiers.byStereotype(ConfigurationProperties.class))) {
            Class<?> type = definition.getBeanType();
            String prefix = definition.stringValue(ConfigurationReader.class, ConfigurationReader.PREFIX).orElse(null);
            if (prefix != null && type.isRecord() && type.getName().startsWith("com.mangaassist.")) {
                verify(type, prefix, properties);
            }
        }
    }

    static void verify(Class<?> settings, String prefix, PropertyResolver properties) {
        for (RecordComponent component : settings.getRecordComponents()) {
            Class<?> target = boxed(component.getType());
            if (!convertible(target)) {
                continue;
            }
            String key = prefix + "." + NameUtils.hyphenate(component.getName());
            String raw = properties.getProperty(key, String.class).orElse(null);
            if (raw != null && !raw.isBlank() && properties.getProperty(key, target).isEmpty()) {
                throw new InvalidSettingException(key, "is '" + raw + "': it must be " + describe(target));
            }
        }
    }

    /** The types whose conversion can fail on a typo; strings cannot, and booleans read anything but "true" as false. */
    private static boolean convertible(Class<?> type) {
        return Number.class.isAssignableFrom(type) || type == Duration.class || type.isEnum();
    }

    private static String describe(Class<?> type) {
        if (type == Duration.class) {
            return "a duration (e.g. 250ms, 2s, 5m)";
        }
        if (type.isEnum()) {
            StringBuilder values = new StringBuilder("one of");
            for (Object constant : type.getEnumConstants()) {
                values.append(' ').append(((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            return values.toString();
        }
        return type == Integer.class || type == Long.class ? "a whole number" : "a number";
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        if (type == int.class) {
            return Integer.class;
        }
        if (type == long.class) {
            return Long.class;
        }
        if (type == double.class) {
            return Double.class;
        }
        return type == boolean.class ? Boolean.class : type;
    }
}
