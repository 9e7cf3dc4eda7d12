package com.mangaassist.infra.client;

import com.mangaassist.infra.config.OidcSettings;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CacheCookieBehavior;
import software.amazon.awscdk.services.cloudfront.CacheHeaderBehavior;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.CacheQueryStringBehavior;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.IOrigin;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeader;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.assets.AssetOptions;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.CacheControl;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The chat page, hosted: a private bucket behind CloudFront, read only through the distribution's
 * origin access control, over HTTPS (HTTP redirects) with HTTP/2 and HTTP/3, from the cheapest
 * price class's edges. Every response carries the page's security headers: a Content-Security-Policy
 * that lets the page load only its own scripts, styles and images, and connect only to itself
 * ({@code /config.json}), this stack's WebSocket API and the OIDC issuer; HSTS for two years; no
 * sniffing, no framing, no referrer; a same-origin opener.
 *
 * <p>The files are the {@link WebBundle}: its hashed {@code assets/} are stored with
 * {@code Cache-Control: public, max-age=31536000, immutable} and cached at the edge for a year
 * (their own cache behavior), and are never pruned, so a tab that loaded the previous
 * {@code index.html} still finds its assets during and after a deploy; {@code index.html} and
 * {@code config.json} are stored with {@code Cache-Control: no-cache} (the edge and the browser
 * ask the bucket again every time, a 304 when unchanged) and invalidated on every deploy.
 * {@code config.json} is written by the stack ({@link #configJson}): the page learns the WebSocket
 * URL, its client timings and the OIDC settings from it, so a new deployment needs no new page.
 *
 * <p>The page's files come from this checkout at synth time, not from the release manifest
 * (infra-cdk README, "Hosted chat client").
 */
public final class HostedClient extends Construct {

    /** What {@code assets/*} may be cached for, in the browser and at the edge. */
    public static final Duration ASSET_MAX_AGE = Duration.ofDays(365);
    /** HSTS max-age: two years. */
    public static final Duration HSTS_MAX_AGE = Duration.ofDays(730);
    /** What the page's deployment invalidates: the root object by both its names, and the config. */
    public static final List<String> INVALIDATED = List.of("/", "/" + WebBundle.INDEX, "/" + WebBundle.CONFIG);
    public static final String ASSETS_PATH = WebBundle.ASSETS + "/*";

    private final Bucket bucket;
    private final Bucket logs;
    private final Distribution distribution;
    private final ResponseHeadersPolicy headers;
    private final CachePolicy assetsCache;
    private final CachePolicy pageCache;
    private final BucketDeployment assetsDeployment;
    private final BucketDeployment pageDeployment;

    /**
     * @param webSocketUrl  the {@code wss://} URL of this stack's WebSocket API (a token)
     * @param oidc          whose tokens the API accepts: the page signs in there
     * @param clientSilence how long the page waits on a silent message before sending it again (shared's TurnTimings)
     * @param retain        whether the buckets outlive the stack (prod), as the stack's other data does
     */
    public record Settings(String webSocketUrl, OidcSettings oidc, Duration clientSilence, boolean retain) {
        public Settings {
            Objects.requireNonNull(webSocketUrl, "webSocketUrl");
            Objects.requireNonNull(oidc, "oidc");
            Objects.requireNonNull(clientSilence, "clientSilence");
        }
    }

    public HostedClient(Construct scope, String id, WebBundle bundle, Settings settings) {
        super(scope, id);
        RemovalPolicy removal = settings.retain() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

        // Both logs: the page bucket's server access logs and CloudFront's standard logs, which need ACLs on the bucket
        // (CloudFront grants its log delivery account through the ACL; a bucket-owner-enforced bucket gets no logs).
        this.logs = Bucket.Builder.create(this, "Logs")
                .encryption(BucketEncryption.S3_MANAGED).enforceSsl(true).blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.OBJECT_WRITER)
                .lifecycleRules(List.of(LifecycleRule.builder().expiration(software.amazon.awscdk.Duration.days(90)).build()))
                .removalPolicy(removal).autoDeleteObjects(!settings.retain())
                .build();
        this.bucket = Bucket.Builder.create(this, "Bucket")
                .encryption(BucketEncryption.S3_MANAGED).enforceSsl(true).blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .serverAccessLogsBucket(logs).serverAccessLogsPrefix("bucket/")
                .removalPolicy(removal).autoDeleteObjects(!settings.retain())
                .build();

        this.headers = ResponseHeadersPolicy.Builder.create(this, "SecurityHeaders")
                .comment("MangaAssist chat page: CSP, HSTS, nosniff, DENY, no-referrer, COOP")
                .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
                        .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder()
                                .contentSecurityPolicy(contentSecurityPolicy(settings.webSocketUrl(), settings.oidc().issuer()))
                                .override(true).build())
                        .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder()
                                .accessControlMaxAge(software.amazon.awscdk.Duration.seconds(HSTS_MAX_AGE.toSeconds()))
                                .includeSubdomains(true).override(true).build())
                        .contentTypeOptions(ResponseHeadersContentTypeOptions.builder().override(true).build())
                        .frameOptions(ResponseHeadersFrameOptions.builder().frameOption(HeadersFrameOption.DENY).override(true).build())
                        .referrerPolicy(ResponseHeadersReferrerPolicy.builder().referrerPolicy(HeadersReferrerPolicy.NO_REFERRER)
                                .override(true).build())
                        .build())
                .customHeadersBehavior(ResponseCustomHeadersBehavior.builder().customHeaders(List.of(ResponseCustomHeader.builder()
                        .header("Cross-Origin-Opener-Policy").value("same-origin").override(true).build())).build())
                .build();
        // The object's Cache-Control decides (no-cache: asked again every time); nothing without one is kept.
        this.pageCache = cachePolicy("PageCache", "MangaAssist chat page: index.html and config.json, revalidated every time",
                software.amazon.awscdk.Duration.seconds(0), software.amazon.awscdk.Duration.seconds(0),
                software.amazon.awscdk.Duration.days(1));
        // Content-hashed names: a changed file is a new name, so a year at the edge whatever the object says.
        software.amazon.awscdk.Duration year = software.amazon.awscdk.Duration.seconds(ASSET_MAX_AGE.toSeconds());
        this.assetsCache = cachePolicy("AssetsCache", "MangaAssist chat page: content-hashed assets, a year", year, year, year);

        IOrigin origin = S3BucketOrigin.withOriginAccessControl(bucket);
        this.distribution = Distribution.Builder.create(this, "Distribution")
                .comment("MangaAssist chat page")
                .defaultRootObject(WebBundle.INDEX)
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .priceClass(PriceClass.PRICE_CLASS_100)
                .enableLogging(true).logBucket(logs).logFilePrefix("cloudfront/")
                .defaultBehavior(behavior(origin, pageCache))
                .additionalBehaviors(Map.of(ASSETS_PATH, behavior(origin, assetsCache)))
                .build();

        LogGroup deployLogs = LogGroup.Builder.create(this, "DeploymentLogs").retention(RetentionDays.ONE_MONTH).removalPolicy(removal).build();
        // Never pruned: a tab that loaded the previous index.html still finds its assets.
        this.assetsDeployment = BucketDeployment.Builder.create(this, "AssetsDeployment")
                .sources(List.of(Source.asset(bundle.assetsDirectory().toString())))
                .destinationBucket(bucket).destinationKeyPrefix(WebBundle.ASSETS + "/").prune(false)
                .cacheControl(List.of(CacheControl.setPublic(), CacheControl.maxAge(year), CacheControl.immutable()))
                .logGroup(deployLogs)
                .build();
        // After the assets, so the new index.html never names a file that is not there yet; its sync leaves assets/ alone.
        this.pageDeployment = BucketDeployment.Builder.create(this, "PageDeployment")
                .sources(List.of(
                        Source.asset(bundle.directory().toString(), AssetOptions.builder().exclude(List.of(WebBundle.ASSETS)).build()),
                        // Not escape(true): a token's marker stands for its whole JSON value, quotes included (Stack.toJsonString),
                        // which the handler's JSON escaping would escape again into invalid JSON.
                        Source.jsonData(WebBundle.CONFIG, configJson(settings))))
                .destinationBucket(bucket).exclude(List.of(ASSETS_PATH))
                .cacheControl(List.of(CacheControl.noCache()))
                .distribution(distribution).distributionPaths(INVALIDATED)
                .logGroup(deployLogs)
                .build();
        pageDeployment.getNode().addDependency(assetsDeployment);
    }

    /**
     * Exactly what the page needs: its own scripts and styles (no inline script or style), its
     * own images and the {@code data:} icon, and connections to itself ({@code /config.json}), the
     * WebSocket API and the issuer (discovery, keys and the token endpoint on the issuer's origin).
     */
    public static String contentSecurityPolicy(String webSocketUrl, String issuer) {
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' " + webSocketUrl + " "
                + origin(issuer) + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    /** {@code https://host[:port]} of an issuer URL (OidcSettings has checked it is https with a host). */
    static String origin(String issuer) {
        URI uri = URI.create(issuer);
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    /** {@code config.json}: the WebSocket URL, the page's client timings and how it signs in. */
    static Map<String, Object> configJson(Settings settings) {
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("mode", "oidc");
        auth.put("issuer", settings.oidc().issuer());
        auth.put("clientId", settings.oidc().audience());
        auth.put("scope", "openid");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("webSocketUrl", settings.webSocketUrl());
        config.put("clientSilenceMs", settings.clientSilence().toMillis());
        config.put("auth", auth);
        return config;
    }

    private CachePolicy cachePolicy(String id, String comment, software.amazon.awscdk.Duration min, software.amazon.awscdk.Duration fallback,
                                    software.amazon.awscdk.Duration max) {
        return CachePolicy.Builder.create(this, id).comment(comment)
                .minTtl(min).defaultTtl(fallback).maxTtl(max)
                .cookieBehavior(CacheCookieBehavior.none()).headerBehavior(CacheHeaderBehavior.none())
                .queryStringBehavior(CacheQueryStringBehavior.none())
                .enableAcceptEncodingGzip(true).enableAcceptEncodingBrotli(true)
                .build();
    }

    private BehaviorOptions behavior(IOrigin origin, CachePolicy cache) {
        return BehaviorOptions.builder().origin(origin).viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                .allowedMethods(AllowedMethods.ALLOW_GET_HEAD).compress(true)
                .cachePolicy(cache).responseHeadersPolicy(headers).build();
    }

    public Bucket bucket() {
        return bucket;
    }

    /** The page bucket's server access logs ({@code bucket/}) and the distribution's standard logs ({@code cloudfront/}). */
    public Bucket logs() {
        return logs;
    }

    public Distribution distribution() {
        return distribution;
    }

    public ResponseHeadersPolicy headers() {
        return headers;
    }

    /** {@code https://<distribution domain>}. */
    public String url() {
        return "https://" + distribution.getDistributionDomainName();
    }

    /** The function both deployments run (CDK's one bucket-deployment handler of the stack), with its role. */
    public IConstruct deploymentHandler() {
        return pageDeployment.getHandlerRole().getNode().getScope();
    }

    public List<BucketDeployment> deployments() {
        return List.of(assetsDeployment, pageDeployment);
    }
}
