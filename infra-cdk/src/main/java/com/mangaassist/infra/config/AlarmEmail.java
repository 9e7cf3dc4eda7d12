package com.mangaassist.infra.config;

import java.util.regex.Pattern;

/** Where alarm notifications are mailed (an SNS email subscription the recipient must confirm). */
public record AlarmEmail(String address) {

    // Deliberately plain: local part and a dotted domain, nothing SNS would refuse or a typo would pass.
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@([A-Za-z0-9-]{1,63}\\.)+[A-Za-z]{2,63}");

    public AlarmEmail {
        if (address == null || !ADDRESS.matcher(address).matches()) {
            throw InvalidContextException.invalid(ContextKeys.ALARM_EMAIL, address, "an email address such as oncall@example.com");
        }
    }
}
