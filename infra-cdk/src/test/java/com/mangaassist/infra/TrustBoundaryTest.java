package com.mangaassist.infra;

import static com.mangaassist.infra.ContextOverridesTest.logicalId;
import static com.mangaassist.infra.PlatformStackTest.actions;
import static com.mangaassist.infra.PlatformStackTest.statementsOfRoleMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.contract.ConversationTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Who may reach what: API Gateway reaches the NLB over TLS through the VPC link only, tasks take
 * traffic from the NLB only, the model runs network-isolated, DynamoDB grants are the calls the
 * services make, and the Redis token is readable by the ECS execution role and the Lambda only.
 */
class TrustBoundaryTest {

    private final Template template = SynthesizedPlatform.of("dev").template();

    @Test
    void nlb_whenSynthesized_hasASecurityGroupAndLeavesPrivateLinkTrafficToTheVpcLink() {
        String nlbGroup = logicalId(template, "AWS::EC2::SecurityGroup", "BaselineNlbSecurityGroup");
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of("Scheme", "internal",
                "SecurityGroups", List.of(Map.of("Fn::GetAtt", List.of(nlbGroup, "GroupId"))),
                "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic", "off"));
        template.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of("GroupDescription", Match.stringLikeRegexp("Orchestrator NLB.*"),
                "SecurityGroupIngress", Match.absent()));
    }

    @Test
    void tasks_whenSynthesized_admitTheContainerPortFromTheNlbSecurityGroupOnly() {
        String nlbGroup = logicalId(template, "AWS::EC2::SecurityGroup", "BaselineNlbSecurityGroup");
        String taskGroup = logicalId(template, "AWS::EC2::SecurityGroup", "BaselineTaskSecurityGroup");

        template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of("GroupId", Map.of("Fn::GetAtt", List.of(taskGroup, "GroupId")),
                "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(nlbGroup, "GroupId")), "FromPort", 8080, "ToPort", 8080));
        template.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of("GroupDescription", Match.stringLikeRegexp("Orchestrator tasks.*"),
                "SecurityGroupIngress", Match.absent()));
        assertThat(template.findResources("AWS::EC2::SecurityGroupIngress").values().toString())
                .as("no CIDR reaches the tasks").doesNotContain("CidrIp");
    }

    @Test
    void nlb_whenSynthesized_listensWithTlsAndTheGivenCertificate() {
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Port", 443, "Protocol", "TLS",
                "Certificates", List.of(Map.of("CertificateArn", SynthesizedPlatform.CERTIFICATE)),
                "SslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06"));
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of("Port", 8080, "Protocol", "TCP",
                "HealthCheckPath", "/ready"));
    }

    @Test
    void edge_whenSynthesized_integrationsUseHttpsToTheCertificatesHostname() {
        for (String path : List.of("connect", "disconnect", "default")) {
            template.hasResourceProperties("AWS::ApiGatewayV2::Integration", Map.of("ConnectionType", "VPC_LINK",
                    "IntegrationUri", "https://" + SynthesizedPlatform.NLB_HOSTNAME + "/gateway/" + path));
        }
    }

    @Test
    void model_whenSynthesized_runsNetworkIsolated() {
        template.hasResourceProperties("AWS::SageMaker::Model", Map.of("EnableNetworkIsolation", true));
    }

    @Test
    void dynamoDb_whenSynthesized_grantsAreTheCallsTheServicesMake() {
        List<Map<String, Object>> task = statementsOfRoleMatching(template, "BaselineTaskTaskRole");
        List<Map<String, Object>> function = statementsOfRoleMatching(template, "OverflowFunctionServiceRole");
        String conversations = logicalId(template, "AWS::DynamoDB::Table", "DataConversations");

        // BatchGetItem: a caller's day and month usage counters, read together (ADR 0046); no batch write.
        assertThat(dynamoActionsOn(task, conversations)).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:BatchGetItem",
                "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DescribeTable");
        assertThat(dynamoActionsOn(function, conversations)).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:BatchGetItem",
                "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem");
        // The other table is the orders table, which the services only query (OrdersTableTest).
        assertThat(template.findResources("AWS::DynamoDB::Table")).hasSize(2);
    }

    @Test
    void pendingIndex_whenSynthesized_isQueriedByTheTaskOnlyAndNoIndexIsGrantedByWildcard() {
        List<Map<String, Object>> task = statementsOfRoleMatching(template, "BaselineTaskTaskRole");
        List<Map<String, Object>> function = statementsOfRoleMatching(template, "OverflowFunctionServiceRole");
        String conversations = logicalId(template, "AWS::DynamoDB::Table", "DataConversations");
        String pendingIndex = "/index/" + ConversationTable.PENDING_INDEX;

        assertThat(resourcesOf(task)).anySatisfy(r -> assertThat(r).contains(conversations).contains(pendingIndex));
        assertThat(resourcesOf(task)).noneSatisfy(r -> assertThat(r).contains("/index/*"));
        assertThat(resourcesOf(function)).noneSatisfy(r -> assertThat(r).contains("/index/"));
    }

    @Test
    void redisSecret_whenSynthesized_isReadableByTheExecutionRoleAndTheFunctionOnly() {
        String secret = logicalId(template, "AWS::SecretsManager::Secret", "DataRedisAuthToken");

        assertThat(readersOf(secret)).containsExactlyInAnyOrder("BaselineTaskExecutionRole", "OverflowFunctionServiceRole");
    }

    @Test
    void redisSecret_whenSynthesized_isTheTokenTheCacheRequiresAndTheServicesGet() {
        String secret = logicalId(template, "AWS::SecretsManager::Secret", "DataRedisAuthToken");

        template.hasResourceProperties("AWS::ElastiCache::ReplicationGroup", Map.of("AuthToken", Map.of("Fn::Join", List.of("",
                List.of("{{resolve:secretsmanager:", Map.of("Ref", secret), ":SecretString:::}}")))));
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(Match.objectLike(Map.of(
                "Secrets", List.of(Map.of("Name", "PIPELINE_REDIS_AUTH_TOKEN", "ValueFrom", Map.of("Ref", secret))))))));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables", Match.objectLike(Map.of(
                "PIPELINE_REDIS_AUTH_SECRET_ARN", Map.of("Ref", secret))))));
    }

    @Test
    void overflowCode_whenSynthesized_mustBeSignedByTheArtifactsStacksProfile() {
        String codeSigning = logicalId(template, "AWS::Lambda::CodeSigningConfig", "OverflowCodeSigning");
        template.hasResourceProperties("AWS::Lambda::CodeSigningConfig", Map.of(
                "CodeSigningPolicies", Map.of("UntrustedArtifactOnDeployment", "Enforce"),
                "AllowedPublishers", Map.of("SigningProfileVersionArns", List.of(Map.of("Ref", Match.stringLikeRegexp("SsmParameterValue.*"))))));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", "com.mangaassist.overflow.OverflowHandler::handleRequest",
                "CodeSigningConfigArn", Map.of("Fn::GetAtt", List.of(codeSigning, "CodeSigningConfigArn"))));
        template.hasParameter("*", Map.of("Type", "AWS::SSM::Parameter::Value<String>",
                "Default", "/mangaassist/dev/overflow-signing-profile-version-arn"));
    }

    /** The DynamoDB actions granted on the table itself (statements on one of its indexes left out). */
    private static List<String> dynamoActionsOn(List<Map<String, Object>> statements, String table) {
        return statements.stream().filter(s -> s.get("Resource").toString().contains(table) && !s.get("Resource").toString().contains("/index/"))
                .flatMap(s -> actions(s).stream()).filter(a -> a.startsWith("dynamodb:")).toList();
    }

    /** Each statement's resources, as the template writes them (references and joins flattened to text). */
    private static List<String> resourcesOf(List<Map<String, Object>> statements) {
        return statements.stream().map(s -> s.get("Resource").toString()).toList();
    }

    private List<String> readersOf(String secret) {
        return readersOf(template, secret);
    }

    /** The roles whose policies may GetSecretValue on {@code secret}, by logical id without CDK's hash. */
    @SuppressWarnings("unchecked")
    static List<String> readersOf(Template template, String secret) {
        return template.findResources("AWS::IAM::Policy").values().stream()
                .map(policy -> (Map<String, Object>) policy.get("Properties"))
                .filter(props -> ((List<Map<String, Object>>) ((Map<String, Object>) props.get("PolicyDocument")).get("Statement")).stream()
                        .anyMatch(s -> actions(s).contains("secretsmanager:GetSecretValue") && s.get("Resource").toString().contains(secret)))
                .flatMap(props -> ((List<Map<String, Object>>) props.get("Roles")).stream())
                .map(role -> role.get("Ref").toString().replaceAll("[0-9A-F]{8}$", ""))
                .toList();
    }
}
