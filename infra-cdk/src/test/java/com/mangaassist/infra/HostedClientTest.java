package com.mangaassist.infra;

import static com.mangaassist.infra.ContextOverridesTest.logicalId;
import static com.mangaassist.infra.PlatformStackTest.actions;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.infra.client.HostedClient;
import com.mangaassist.infra.client.WebBundle;
import com.mangaassist.shared.contract.TurnTimings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The hosted chat page (issue 30): a private bucket only this stack's CloudFront distribution
 * reads (origin access control), HTTPS only, the page's security headers with the stack's own
 * WebSocket URL and issuer in the CSP, hashed assets cached for a year and the page revalidated
 * every time, a {@code config.json} written by the stack, and the page's URL as an output.
 * Tokens are rendered as {@code ${LogicalId}} and {@code ${LogicalId.Attribute}}.
 */
class HostedClientTest {

    private static final String BUCKET = "AWS::S3::Bucket";
    private static final String DISTRIBUTION = "AWS::CloudFront::Distribution";
    private static final String DEPLOYMENT = "Custom::CDKBucketDeployment";
    private static final int YEAR_SECONDS = 31_536_000;

    private final SynthesizedPlatform.Synthesized synthesized = SynthesizedPlatform.of("dev");
    private final Template dev = synthesized.template();
    private final String bucket = logicalId(dev, BUCKET, "ClientBucket");
    private final String distribution = logicalId(dev, DISTRIBUTION, "ClientDistribution");

    @Test
    void bucketPolicy_whenProd_grantsGetObjectOnlyToCloudFrontForThisDistribution() {
        Template prod = SynthesizedPlatform.of("prod").template();
        String prodBucket = logicalId(prod, BUCKET, "ClientBucket");

        List<Map<String, Object>> allows = bucketPolicyStatements(prod, prodBucket).stream()
                .filter(statement -> "Allow".equals(statement.get("Effect"))).toList();

        assertThat(allows).singleElement().satisfies(statement -> assertGetObjectByThisDistribution(prod, prodBucket, statement));
    }

    @Test
    void bucketPolicy_whenDev_grantsGetObjectOnlyToCloudFrontForThisDistribution() {
        List<Map<String, Object>> reads = bucketPolicyStatements(dev, bucket).stream()
                .filter(statement -> "Allow".equals(statement.get("Effect")))
                .filter(statement -> actions(statement).stream().anyMatch(action -> action.startsWith("s3:GetObject") || action.equals("s3:*")))
                .toList();

        assertThat(reads).as("dev's other Allow is CDK's auto-delete on stack deletion (list and delete)")
                .singleElement().satisfies(statement -> assertGetObjectByThisDistribution(dev, bucket, statement));
    }

    @Test
    void bucketPolicy_whenSynthesized_refusesRequestsWithoutTls() {
        assertThat(bucketPolicyStatements(dev, bucket)).anySatisfy(statement -> {
            assertThat(statement).containsEntry("Effect", "Deny").containsEntry("Action", "s3:*")
                    .containsEntry("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")));
        });
    }

    @Test
    void bucket_whenSynthesized_isPrivateEncryptedAndLogsItsAccess() {
        Map<String, Object> properties = KnowledgeSearchTest.properties(dev, BUCKET, "ClientBucket");

        assertThat(properties)
                .containsEntry("PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true))
                .containsEntry("BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(
                        Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))))
                .containsEntry("LoggingConfiguration", Map.of("DestinationBucketName", Map.of("Ref", logicalId(dev, BUCKET, "ClientLogs")),
                        "LogFilePrefix", "bucket/"))
                .doesNotContainKeys("WebsiteConfiguration", "AccessControl");
    }

    @Test
    void buckets_whenProd_outliveTheStack_whenDev_areDeletedWithIt() {
        Template prod = SynthesizedPlatform.of("prod").template();

        for (String prefix : List.of("ClientBucket", "ClientLogs")) {
            assertThat(prod.findResources(BUCKET).get(logicalId(prod, BUCKET, prefix))).as(prefix)
                    .containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain");
            assertThat(dev.findResources(BUCKET).get(logicalId(dev, BUCKET, prefix))).as(prefix).containsEntry("DeletionPolicy", "Delete");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void distribution_whenSynthesized_redirectsToHttpsAndReadsTheBucketThroughOriginAccessControl() {
        String accessControl = logicalId(dev, "AWS::CloudFront::OriginAccessControl", "Client");
        Map<String, Object> config = distributionConfig();

        assertThat(config).containsEntry("DefaultRootObject", "index.html").containsEntry("HttpVersion", "http2and3")
                .containsEntry("PriceClass", "PriceClass_100").containsEntry("Enabled", true);
        assertThat((List<Map<String, Object>>) config.get("Origins")).singleElement().satisfies(origin -> assertThat(origin)
                .containsEntry("DomainName", Map.of("Fn::GetAtt", List.of(bucket, "RegionalDomainName")))
                .containsEntry("OriginAccessControlId", Map.of("Fn::GetAtt", List.of(accessControl, "Id")))
                .containsEntry("S3OriginConfig", Map.of("OriginAccessIdentity", "")));
        assertThat(behaviors()).hasSize(2).allSatisfy(behavior -> assertThat(behavior)
                .containsEntry("ViewerProtocolPolicy", "redirect-to-https").containsEntry("Compress", true)
                .containsEntry("AllowedMethods", List.of("GET", "HEAD")));
        dev.hasResourceProperties("AWS::CloudFront::OriginAccessControl", Map.of("OriginAccessControlConfig", Match.objectLike(Map.of(
                "OriginAccessControlOriginType", "s3", "SigningBehavior", "always", "SigningProtocol", "sigv4"))));
    }

    @Test
    void distribution_whenSynthesized_writesStandardLogsToTheLogBucket() {
        String logs = logicalId(dev, BUCKET, "ClientLogs");

        assertThat(distributionConfig()).containsEntry("Logging", Map.of("Bucket", Map.of("Fn::GetAtt", List.of(logs, "RegionalDomainName")),
                "Prefix", "cloudfront/"));
        assertThat(KnowledgeSearchTest.properties(dev, BUCKET, "ClientLogs")).as("CloudFront's log delivery needs ACLs")
                .containsEntry("OwnershipControls", Map.of("Rules", List.of(Map.of("ObjectOwnership", "ObjectWriter"))))
                .containsEntry("PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true));
    }

    @Test
    void responseHeadersPolicy_whenSynthesized_hasTheCspWithThisStacksWebSocketUrlAndTheIssuerOrigin() {
        String api = logicalId(dev, "AWS::ApiGatewayV2::Api", "EdgeApi");
        Object csp = securityHeaders().get("ContentSecurityPolicy");

        assertThat(PlatformStackTest.json(csp)).as("a token the stack resolves").contains("Fn::Join", "{\"Ref\":\"" + api + "\"}");
        assertThat(render(((Map<?, ?>) csp).get("ContentSecurityPolicy"))).isEqualTo("default-src 'none'; script-src 'self'; "
                + "style-src 'self'; img-src 'self' data:; connect-src 'self' wss://${" + api + "}.execute-api." + SynthesizedPlatform.REGION
                + ".${AWS::URLSuffix}/live https://login.example.com; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        assertThat(((Map<?, ?>) csp).get("Override")).isEqualTo(true);
    }

    @Test
    void responseHeadersPolicy_whenSynthesized_setsHstsNosniffDenyNoReferrerAndSameOriginOpener() {
        Map<String, Object> security = securityHeaders();

        assertThat(security)
                .containsEntry("StrictTransportSecurity", Map.of("AccessControlMaxAgeSec", 63_072_000, "IncludeSubdomains", true,
                        "Override", true))
                .containsEntry("ContentTypeOptions", Map.of("Override", true))
                .containsEntry("FrameOptions", Map.of("FrameOption", "DENY", "Override", true))
                .containsEntry("ReferrerPolicy", Map.of("ReferrerPolicy", "no-referrer", "Override", true));
        assertThat(headersPolicyConfig().get("CustomHeadersConfig")).isEqualTo(Map.of("Items", List.of(
                Map.of("Header", "Cross-Origin-Opener-Policy", "Value", "same-origin", "Override", true))));
        String policy = logicalId(dev, "AWS::CloudFront::ResponseHeadersPolicy", "ClientSecurityHeaders");
        assertThat(behaviors()).allSatisfy(behavior -> assertThat(behavior).containsEntry("ResponseHeadersPolicyId", Map.of("Ref", policy)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void assetsBehavior_whenSynthesized_cachesForAYearAndThePageIsRevalidated() {
        Map<String, Object> assets = behaviors().stream().filter(behavior -> "assets/*".equals(behavior.get("PathPattern"))).findFirst()
                .orElseThrow();
        Map<String, Object> page = (Map<String, Object>) distributionConfig().get("DefaultCacheBehavior");

        assertThat(cachePolicyConfig(assets.get("CachePolicyId"))).containsEntry("MinTTL", YEAR_SECONDS)
                .containsEntry("DefaultTTL", YEAR_SECONDS).containsEntry("MaxTTL", YEAR_SECONDS);
        assertThat(cachePolicyConfig(page.get("CachePolicyId"))).as("no-cache objects are asked for again, nothing else is kept")
                .containsEntry("MinTTL", 0).containsEntry("DefaultTTL", 0);
        assertThat(List.of(assets, page)).allSatisfy(behavior -> assertThat(((Map<String, Object>) cachePolicyConfig(behavior.get("CachePolicyId"))
                .get("ParametersInCacheKeyAndForwardedToOrigin"))).containsEntry("CookiesConfig", Map.of("CookieBehavior", "none"))
                .containsEntry("QueryStringsConfig", Map.of("QueryStringBehavior", "none")));
    }

    @Test
    void deployments_whenSynthesized_storeAssetsImmutableUnprunedAndThePageNoCacheInvalidated() {
        Map<String, Object> assets = deployment("assets/");
        Map<String, Object> page = deployment(null);

        assertThat(assets).containsEntry("SystemMetadata", Map.of("cache-control", "public, max-age=" + YEAR_SECONDS + ", immutable"))
                .containsEntry("Prune", false).containsEntry("DestinationBucketName", Map.of("Ref", bucket))
                .doesNotContainKey("DistributionId");
        assertThat(page).containsEntry("SystemMetadata", Map.of("cache-control", "no-cache"))
                .containsEntry("Exclude", List.of("assets/*"))
                .containsEntry("DistributionId", Map.of("Ref", distribution))
                .containsEntry("DistributionPaths", List.of("/", "/index.html", "/config.json"))
                .containsEntry("DestinationBucketName", Map.of("Ref", bucket));
    }

    @Test
    void deployedFiles_whenSynthesized_areTheStagedPageWithHashedAssetsApart() throws IOException {
        List<String> pageFiles = files(assetDirectory(deployment(null), 0));
        List<String> assetFiles = files(assetDirectory(deployment("assets/"), 0));

        assertThat(pageFiles).contains("index.html").doesNotContain("config.json").noneMatch(name -> name.startsWith("assets"));
        assertThat(assetFiles).isNotEmpty().allSatisfy(name -> assertThat(name).matches("[A-Za-z0-9_.-]+\\.[0-9a-f]{12}\\.(js|mjs|css)"))
                .anyMatch(name -> name.startsWith("chat.")).anyMatch(name -> name.startsWith("reply-model."));
        String index = Files.readString(assetDirectory(deployment(null), 0).resolve("index.html"));
        assertThat(index).as("index.html names the hashed files").contains(assetFiles.stream()
                .filter(name -> name.startsWith("chat.") || name.startsWith("reply-model.")).map(name -> "assets/" + name).toList())
                .doesNotContain("\"/chat.js\"", "\"/reply-model.js\"", "\"/chat.css\"");
    }

    @Test
    @SuppressWarnings("unchecked")
    void configJson_whenSynthesized_namesThisStacksWebSocketUrlTheTimingsAndTheOidcSettings() throws IOException {
        Map<String, Object> page = deployment(null);
        Map<String, Object> markers = (Map<String, Object>) ((List<?>) page.get("SourceMarkers")).get(1);
        String text = Files.readString(assetDirectory(page, 1).resolve(WebBundle.CONFIG));
        String api = logicalId(dev, "AWS::ApiGatewayV2::Api", "EdgeApi");

        // The deployment replaces each marker with its value (a JSON string, quotes included) when it writes the file.
        assertThat(render(markers.values().iterator().next())).startsWith("\"wss://").endsWith("/live\"");
        assertThat(markers).hasSize(1);
        assertThat(PlatformStackTest.json(markers)).as("the API's id, resolved at deploy").contains("Fn::Join", "{\"Ref\":\"" + api + "\"}");
        for (Map.Entry<String, Object> marker : markers.entrySet()) {
            assertThat(text).contains(marker.getKey());
            text = text.replace(marker.getKey(), render(marker.getValue()));
        }
        JsonNode config = new ObjectMapper().readTree(text);
        assertThat(config.get("webSocketUrl").asText()).isEqualTo("wss://${" + api + "}.execute-api." + SynthesizedPlatform.REGION
                + ".${AWS::URLSuffix}/live");
        assertThat(config.get("clientSilenceMs").asLong()).isEqualTo(TurnTimings.defaults().clientSilence().toMillis());
        assertThat(new ObjectMapper().convertValue(config.get("auth"), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { }))
                .isEqualTo(Map.of("mode", "oidc",
                "issuer", SynthesizedPlatform.ISSUER, "clientId", "mangaassist-chat", "scope", "openid"));
        assertThat(PlatformStackTest.json(page.get("SourceMarkersConfig"))).as("the values are JSON already: escaping them again breaks the file")
                .doesNotContain("jsonEscape");
    }

    @Test
    void clientUrl_whenSynthesized_isTheDistributionsHttpsDomain() {
        dev.hasOutput("ClientUrl", Match.objectLike(Map.of("Value", Map.of("Fn::Join", List.of("", List.of("https://",
                Map.of("Fn::GetAtt", List.of(distribution, "DomainName"))))))));
    }

    @Test
    void contentSecurityPolicy_whenTheIssuerHasAPathAndPort_allowsItsOriginOnly() {
        HostedClient.Settings settings = new HostedClient.Settings("wss://api.example.com/live",
                new com.mangaassist.infra.config.OidcSettings("https://Login.Example.com:8443/realms/manga", "aud"),
                java.time.Duration.ofSeconds(30), false);

        assertThat(settings.oidc().issuer()).endsWith("/realms/manga");
        assertThat(HostedClient.contentSecurityPolicy(settings.webSocketUrl(), settings.oidc().issuer())).contains("connect-src 'self' wss://api.example.com/live https://login.example.com:8443;");
    }

    @SuppressWarnings("unchecked")
    private void assertGetObjectByThisDistribution(Template template, String bucketId, Map<String, Object> statement) {
        String distributionId = logicalId(template, DISTRIBUTION, "ClientDistribution");
        assertThat(statement.get("Principal")).isEqualTo(Map.of("Service", "cloudfront.amazonaws.com"));
        assertThat(actions(statement)).containsExactly("s3:GetObject");
        assertThat(render(statement.get("Resource"))).isEqualTo("${" + bucketId + ".Arn}/*");
        Map<String, Object> condition = (Map<String, Object>) statement.get("Condition");
        assertThat(condition).containsOnlyKeys("StringEquals");
        Map<String, Object> equals = (Map<String, Object>) condition.get("StringEquals");
        assertThat(equals).containsOnlyKeys("AWS:SourceArn");
        assertThat(render(equals.get("AWS:SourceArn"))).isEqualTo("arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${"
                + distributionId + "}");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> bucketPolicyStatements(Template template, String bucketId) {
        return template.findResources("AWS::S3::BucketPolicy").values().stream()
                .map(policy -> (Map<String, Object>) policy.get("Properties"))
                .filter(properties -> Map.of("Ref", bucketId).equals(properties.get("Bucket")))
                .flatMap(properties -> ((List<Map<String, Object>>) ((Map<String, Object>) properties.get("PolicyDocument")).get("Statement")).stream())
                .toList();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> distributionConfig() {
        return (Map<String, Object>) KnowledgeSearchTest.properties(dev, DISTRIBUTION, "ClientDistribution").get("DistributionConfig");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> behaviors() {
        Map<String, Object> config = distributionConfig();
        return Stream.concat(Stream.of((Map<String, Object>) config.get("DefaultCacheBehavior")),
                ((List<Map<String, Object>>) config.get("CacheBehaviors")).stream()).toList();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> headersPolicyConfig() {
        return (Map<String, Object>) KnowledgeSearchTest.properties(dev, "AWS::CloudFront::ResponseHeadersPolicy", "ClientSecurityHeaders")
                .get("ResponseHeadersPolicyConfig");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> securityHeaders() {
        return (Map<String, Object>) headersPolicyConfig().get("SecurityHeadersConfig");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> cachePolicyConfig(Object reference) {
        String id = (String) ((Map<String, Object>) reference).get("Ref");
        return (Map<String, Object>) ((Map<String, Object>) dev.findResources("AWS::CloudFront::CachePolicy").get(id).get("Properties"))
                .get("CachePolicyConfig");
    }

    /** The deployment whose destination prefix is {@code prefix} (none: the page's). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> deployment(String prefix) {
        List<Map<String, Object>> matching = dev.findResources(DEPLOYMENT).values().stream()
                .map(resource -> (Map<String, Object>) resource.get("Properties"))
                .filter(properties -> java.util.Objects.equals(prefix, properties.get("DestinationBucketKeyPrefix"))).toList();
        assertThat(matching).as("the deployment to " + prefix).hasSize(1);
        return matching.get(0);
    }

    /** The cloud assembly's copy of the deployment's {@code index}th source (SourceObjectKeys name {@code <hash>.zip}). */
    private Path assetDirectory(Map<String, Object> deployment, int index) {
        String key = (String) ((List<?>) deployment.get("SourceObjectKeys")).get(index);
        Path outdir = Path.of(((App) synthesized.stack().getNode().getRoot()).getOutdir());
        Path directory = outdir.resolve("asset." + key.replace(".zip", ""));
        assertThat(directory).isDirectory();
        return directory;
    }

    private static List<String> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    /** A template value as a string: Fn::Join joined, Ref as ${Id}, Fn::GetAtt as ${Id.Attribute}. */
    static String render(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.containsKey("Ref")) {
                return "${" + map.get("Ref") + "}";
            }
            if (map.containsKey("Fn::GetAtt")) {
                List<?> attribute = (List<?>) map.get("Fn::GetAtt");
                return "${" + attribute.get(0) + "." + attribute.get(1) + "}";
            }
            if (map.containsKey("Fn::Join")) {
                List<?> join = (List<?>) map.get("Fn::Join");
                return ((Collection<?>) join.get(1)).stream().map(HostedClientTest::render).collect(Collectors.joining((String) join.get(0)));
            }
        }
        return String.valueOf(value);
    }
}
