package com.mangaassist.infra.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TLS between API Gateway and the orchestrator's NLB. API Gateway verifies the certificate against
 * the host of the integration URI (the VPC link carries the connection, so the name need not
 * resolve), and it trusts only publicly trusted CAs: the certificate must be a public ACM
 * certificate covering {@code hostname}, in the stack's account and region.
 *
 * @param certificateArn ACM certificate the NLB's TLS listener presents
 * @param hostname       the DNS name the certificate covers, used as the integration URI's host
 */
public record NlbTlsSettings(String certificateArn, String hostname) {

    private static final Pattern ACM_ARN = Pattern.compile("arn:aws[a-z-]*:acm:([a-z0-9-]+):([0-9]{12}):certificate/[0-9a-f-]{36}");
    private static final Pattern HOSTNAME = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

    public NlbTlsSettings {
        if (certificateArn == null || !ACM_ARN.matcher(certificateArn).matches()) {
            throw InvalidContextException.invalid(ContextKeys.NLB_CERTIFICATE_ARN, certificateArn,
                    "an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)");
        }
        if (hostname == null || !HOSTNAME.matcher(hostname).matches()) {
            throw InvalidContextException.invalid(ContextKeys.NLB_HOSTNAME, hostname,
                    "a lower-case DNS name the certificate covers, such as orchestrator.internal.example.com");
        }
    }

    /** Refuses a certificate from another account or region: an NLB listener can only use its own region's. */
    public void requireIn(String account, String region) {
        Matcher arn = ACM_ARN.matcher(certificateArn);
        if (arn.matches() && (!arn.group(1).equals(region) || !arn.group(2).equals(account))) {
            throw InvalidContextException.invalid(ContextKeys.NLB_CERTIFICATE_ARN, certificateArn,
                    "a certificate of account " + account + " in " + region + ", where the stack deploys");
        }
    }
}
