package com.mangaassist.infra.edge;

import com.mangaassist.infra.config.ApiGatewayAccountRole;
import com.mangaassist.infra.config.NlbTlsSettings;
import com.mangaassist.infra.config.OidcSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.VpcLink;
import software.amazon.awscdk.services.apigatewayv2.CfnApi;
import software.amazon.awscdk.services.apigatewayv2.CfnAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.CfnIntegration;
import software.amazon.awscdk.services.apigatewayv2.CfnRoute;
import software.amazon.awscdk.services.apigatewayv2.CfnRouteResponse;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkLoadBalancer;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Permission;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.assets.AssetOptions;
import software.constructs.Construct;

/**
 * The client-facing WebSocket API. {@code $connect} requires a valid OIDC token (Lambda REQUEST
 * authorizer); every route is an HTTPS proxy integration through a VPC link to the orchestrator's
 * internal NLB, with the connection id, request id, principal, route key and the stage's origin
 * proof ({@link OriginProof}) mapped into the headers the orchestrator reads (the names are the
 * shared module's {@code GatewayHeaders});
 * {@code $default} is two-way, its response body returned to the client. The
 * integration URI's host is the name the NLB's certificate covers: API Gateway verifies the
 * certificate against it, while the VPC link, not DNS, carries the connection. Route selection
 * reads {@code $request.body.action}; the stage throttles and writes JSON access logs.
 */
public final class ChatEdge extends Construct {

    public static final String STAGE = "live";
    /** Header names: identical to com.mangaassist.shared.wire.gateway.GatewayHeaders. */
    public static final Map<String, String> HEADER_MAPPING = Map.of(
            "integration.request.header.X-MangaAssist-Connection-Id", "context.connectionId",
            "integration.request.header.X-MangaAssist-Request-Id", "context.requestId",
            "integration.request.header.X-MangaAssist-Principal", "context.authorizer.principalId",
            "integration.request.header.X-MangaAssist-Route-Key", "context.routeKey",
            // Not $context: a value only this stage holds, so another API pointed at the VPC link cannot forge the rest (ADR 0027).
            "integration.request.header.X-MangaAssist-Origin-Proof", OriginProof.MAPPING);

    private final CfnApi api;
    private final Function authorizer;
    private final CfnStage stage;
    private final Optional<ApiGatewayLogging> logging;

    /** Where each route's frames go on the orchestrator. */
    private static final Map<String, String> ROUTES = Map.of("$connect", "connect", "$disconnect", "disconnect", "$default", "default");

    /** How the edge reaches the orchestrator and whom it lets in. */
    public record Settings(OidcSettings oidc, NlbTlsSettings tls, int throttleRate, int throttleBurst, ApiGatewayAccountRole accountRole) {
    }

    public ChatEdge(Construct scope, String id, NetworkLoadBalancer orchestratorNlb, OriginProof originProof, Settings settings) {
        super(scope, id);
        Stack stack = Stack.of(this);
        VpcLink vpcLink = VpcLink.Builder.create(this, "VpcLink").targets(List.of(orchestratorNlb))
                .description("API Gateway to the orchestrator NLB").build();

        this.api = CfnApi.Builder.create(this, "Api").name(stack.getStackName() + "-chat").protocolType("WEBSOCKET")
                .routeSelectionExpression("$request.body.action").build();

        this.authorizer = Function.Builder.create(this, "ConnectAuthorizer")
                .runtime(Runtime.NODEJS_24_X).handler("index.handler")
                .code(Code.fromAsset(authorizerSource(), AssetOptions.builder().exclude(List.of("*.test.mjs")).build()))
                .memorySize(256).timeout(Duration.seconds(5))
                .loggingFormat(LoggingFormat.JSON)
                .logGroup(LogGroup.Builder.create(this, "AuthorizerLogs").retention(RetentionDays.ONE_MONTH).build())
                .environment(Map.of("OIDC_ISSUER", settings.oidc().issuer(), "OIDC_AUDIENCE", settings.oidc().audience()))
                .build();
        String apiArn = stack.formatArn(software.amazon.awscdk.ArnComponents.builder().service("execute-api")
                .resource(api.getRef()).resourceName("*").build());
        authorizer.addPermission("ApiGatewayInvoke", Permission.builder().principal(new ServicePrincipal("apigateway.amazonaws.com"))
                .sourceArn(apiArn).build());
        CfnAuthorizer connectAuthorizer = CfnAuthorizer.Builder.create(this, "Authorizer").apiId(api.getRef()).name("oidc-token")
                .authorizerType("REQUEST").identitySource(List.of("route.request.querystring.token"))
                .authorizerUri("arn:" + stack.getPartition() + ":apigateway:" + stack.getRegion() + ":lambda:path/2015-03-31/functions/"
                        + authorizer.getFunctionArn() + "/invocations")
                .build();

        ROUTES.forEach((routeKey, path) -> {
            String name = path.substring(0, 1).toUpperCase() + path.substring(1);
            CfnIntegration integration = CfnIntegration.Builder.create(this, name + "Integration").apiId(api.getRef())
                    .integrationType("HTTP_PROXY").integrationMethod("POST")
                    .connectionType("VPC_LINK").connectionId(vpcLink.getVpcLinkId())
                    .integrationUri("https://" + settings.tls().hostname() + "/gateway/" + path)
                    .requestParameters(HEADER_MAPPING)
                    .timeoutInMillis(10_000)
                    .build();
            CfnRoute.Builder route = CfnRoute.Builder.create(this, name + "Route").apiId(api.getRef()).routeKey(routeKey)
                    .target("integrations/" + integration.getRef());
            if (routeKey.equals("$connect")) {
                route.authorizationType("CUSTOM").authorizerId(connectAuthorizer.getRef());
            } else {
                route.authorizationType("NONE");
            }
            if (routeKey.equals("$default")) {
                // Two-way: the orchestrator's response body (the ack, a refusal, a pong, resumed) goes straight back to the
                // client, so the immediate reply to a frame costs no @connections call (ADR 0024).
                route.routeResponseSelectionExpression("$default");
            }
            CfnRoute built = route.build();
            if (routeKey.equals("$default")) {
                CfnRouteResponse.Builder.create(this, name + "RouteResponse").apiId(api.getRef()).routeId(built.getRef())
                        .routeResponseKey("$default").build();
            }
        });

        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs").retention(RetentionDays.THREE_MONTHS).build();
        this.stage = CfnStage.Builder.create(this, "Stage").apiId(api.getRef()).stageName(STAGE).autoDeploy(true)
                .stageVariables(Map.of(OriginProof.STAGE_VARIABLE, originProof.stageVariableValue()))
                .defaultRouteSettings(CfnStage.RouteSettingsProperty.builder()
                        .throttlingRateLimit(settings.throttleRate()).throttlingBurstLimit(settings.throttleBurst()).build())
                .accessLogSettings(CfnStage.AccessLogSettingsProperty.builder().destinationArn(accessLogs.getLogGroupArn())
                        .format("{\"requestId\":\"$context.requestId\",\"connectionId\":\"$context.connectionId\",\"routeKey\":\"$context.routeKey\","
                                + "\"eventType\":\"$context.eventType\",\"status\":\"$context.status\",\"principal\":\"$context.authorizer.principalId\","
                                + "\"integrationError\":\"$context.integration.error\",\"ip\":\"$context.identity.sourceIp\",\"time\":\"$context.requestTimeEpoch\"}")
                        .build())
                .build();
        this.logging = settings.accountRole() == ApiGatewayAccountRole.CREATE
                ? Optional.of(new ApiGatewayLogging(this, "Logging")) : Optional.empty();
        // The stage's access logging is refused until the account names the role.
        logging.ifPresent(l -> stage.addResourceDependency(l.account()));
    }

    public CfnApi api() {
        return api;
    }

    public Function authorizer() {
        return authorizer;
    }

    public CfnStage stage() {
        return stage;
    }

    /** Present when this stack sets the region's API Gateway CloudWatch role ({@code -c apiGatewayAccountRole=create}). */
    public Optional<ApiGatewayLogging> logging() {
        return logging;
    }

    /** {@code wss://} URL clients connect to. */
    public String websocketUrl() {
        Stack stack = Stack.of(this);
        return "wss://" + api.getRef() + ".execute-api." + stack.getRegion() + "." + stack.getUrlSuffix() + "/" + STAGE;
    }

    /** The @connections management endpoint the orchestrator and the Lambda post frames to. */
    public String managementEndpoint() {
        Stack stack = Stack.of(this);
        return "https://" + api.getRef() + ".execute-api." + stack.getRegion() + "." + stack.getUrlSuffix() + "/" + STAGE;
    }

    /** Exactly the connections of this stage: POST (send), GET (info), DELETE (disconnect). */
    public String connectionsArn() {
        Stack stack = Stack.of(this);
        return stack.formatArn(software.amazon.awscdk.ArnComponents.builder().service("execute-api").resource(api.getRef())
                .resourceName(STAGE + "/*/@connections/*").build());
    }

    /**
     * The authorizer's source directory: {@code authorizer/} where the CDK CLI runs (infra-cdk), or
     * {@code infra-cdk/authorizer/} seen from the reactor root or a sibling module (other modules'
     * tests synthesize the app too).
     */
    static String authorizerSource() {
        for (String candidate : List.of("authorizer", "infra-cdk/authorizer", "../infra-cdk/authorizer")) {
            if (java.nio.file.Files.isRegularFile(java.nio.file.Path.of(candidate, "index.mjs"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("the connect authorizer's source (infra-cdk/authorizer/index.mjs) is not here: run cdk from infra-cdk/");
    }
}
