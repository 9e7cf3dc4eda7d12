package com.mangaassist.overflow;

import com.mangaassist.shared.contract.InvalidSettingException;
import com.mangaassist.shared.contract.SettingNames;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * What the overflow function is configured with beyond the turn pipeline's own settings, from
 * {@code overflow.*} (environment variables in Lambda, named by {@link SettingNames}).
 *
 * @param idempotencyTable the table that records which messages were started or answered
 * @param minRemaining     a turn is started only with at least this much invocation time left
 */
@ConfigurationProperties("overflow")
public record OverflowSettings(@Nullable String idempotencyTable, @Bindable(defaultValue = "20s") Duration minRemaining) {

    public OverflowSettings {
        idempotencyTable = InvalidSettingException.required(idempotencyTable, SettingNames.IDEMPOTENCY_TABLE,
                "the DynamoDB table that records which overflow messages were answered");
        if (minRemaining == null || minRemaining.isNegative()) {
            throw new InvalidSettingException(SettingNames.MIN_REMAINING, "must be a duration (e.g. 20s)");
        }
    }
}
