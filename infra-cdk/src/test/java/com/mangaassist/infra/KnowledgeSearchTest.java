package com.mangaassist.infra;

import static com.mangaassist.infra.ContextOverridesTest.logicalId;
import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.contract.SettingNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The knowledge search domain as deployed (ADR 0029): OpenSearch 2.19 in the isolated data
 * subnets, encrypted at rest with the platform key and between nodes, HTTPS only on TLS 1.2 with
 * forward secrecy, one node in dev and two zones with dedicated cluster managers in prod, reached
 * on 443 from the two compute paths' groups only, slow and error logs in CloudWatch Logs that only
 * this domain may write, and its URL handed to both compute paths as the knowledge setting.
 */
class KnowledgeSearchTest {

    private static final String DOMAIN = "AWS::OpenSearchService::Domain";
    private final Template dev = SynthesizedPlatform.of("dev").template();
    private final Template prod = SynthesizedPlatform.of("prod").template();

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Template template, String type, String prefix) {
        return (Map<String, Object>) template.findResources(type).get(logicalId(template, type, prefix)).get("Properties");
    }

    @Test
    void domain_whenSynthesized_isOpenSearch219EncryptedWithThePlatformKeyAndHttpsOnly() {
        dev.hasResourceProperties(DOMAIN, Map.of(
                "DomainName", "mangaassist-dev-search",
                "EngineVersion", "OpenSearch_2.19",
                "NodeToNodeEncryptionOptions", Map.of("Enabled", true),
                "EncryptionAtRestOptions", Map.of("Enabled", true, "KmsKeyId", Map.of("Ref", logicalId(dev, "AWS::KMS::Key", "DataDataKey"))),
                "DomainEndpointOptions", Match.objectLike(Map.of("EnforceHTTPS", true, "TLSSecurityPolicy", "Policy-Min-TLS-1-2-PFS-2023-10")),
                "EBSOptions", Map.of("EBSEnabled", true, "VolumeType", "gp3", "VolumeSize", 10),
                // Without it, an index named in an _msearch body would escape the path-scoped access policy.
                "AdvancedOptions", Map.of("rest.action.multi.allow_explicit_index", "false")));
        dev.hasResource(DOMAIN, Map.of("UpdatePolicy", Map.of("EnableVersionUpgrade", true)));
    }

    @Test
    void dev_whenSynthesized_runsOneSmallNodeInOneDataSubnetAndIsDeletedWithTheStack() {
        dev.hasResourceProperties(DOMAIN, Map.of("ClusterConfig", Match.objectLike(Map.of("InstanceType", "t3.small.search",
                "InstanceCount", 1, "ZoneAwarenessEnabled", false, "DedicatedMasterEnabled", false, "MultiAZWithStandbyEnabled", false))));
        dev.hasResource(DOMAIN, Map.of("DeletionPolicy", "Delete"));
        assertThat(domainSubnets(dev)).containsExactly("Isolated ap-northeast-1a");
    }

    @Test
    void prod_whenSynthesized_spreadsTwoDataNodesOverTheZonesWithThreeManagersAndIsRetained() {
        prod.hasResourceProperties(DOMAIN, Map.of("ClusterConfig", Match.objectLike(Map.of("InstanceType", "m6g.large.search",
                "InstanceCount", 2, "ZoneAwarenessEnabled", true, "ZoneAwarenessConfig", Map.of("AvailabilityZoneCount", 2),
                "DedicatedMasterEnabled", true, "DedicatedMasterCount", 3, "DedicatedMasterType", "m6g.large.search"))));
        prod.hasResource(DOMAIN, Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
        assertThat(domainSubnets(prod)).containsExactlyInAnyOrder("Isolated ap-northeast-1a", "Isolated ap-northeast-1c");
    }

    @Test
    void securityGroup_whenSynthesized_admitsHttpsFromTheOrchestratorTasksAndTheFunctionOnly() {
        assertThat(ingressOf(dev, "KnowledgeSecurityGroup")).containsExactlyInAnyOrder(
                "tcp 443-443 sg:" + logicalId(dev, "AWS::EC2::SecurityGroup", "BaselineTaskSecurityGroup"),
                "tcp 443-443 sg:" + logicalId(dev, "AWS::EC2::SecurityGroup", "OverflowFunctionSecurityGroup"));
        dev.hasResourceProperties(DOMAIN, Map.of("VPCOptions", Match.objectLike(Map.of("SecurityGroupIds", List.of(Map.of("Fn::GetAtt",
                List.of(logicalId(dev, "AWS::EC2::SecurityGroup", "KnowledgeSecurityGroup"), "GroupId")))))));
    }

    @Test
    void logs_whenSynthesized_publishSlowAndErrorLogsToRetainedGroupsOnlyThisDomainMayWrite() {
        Map<String, Object> publishing = castMap(properties(dev, DOMAIN, "KnowledgeDomain").get("LogPublishingOptions"));
        assertThat(publishing).containsOnlyKeys("SEARCH_SLOW_LOGS", "INDEX_SLOW_LOGS", "ES_APPLICATION_LOGS")
                .allSatisfy((log, options) -> assertThat(castMap(options)).containsEntry("Enabled", true)
                        .extractingByKey("CloudWatchLogsLogGroupArn").asString().contains("Knowledge"));
        for (String group : List.of("KnowledgeSearchSlowLogs", "KnowledgeIndexSlowLogs", "KnowledgeApplicationLogs")) {
            assertThat(properties(dev, "AWS::Logs::LogGroup", group)).containsEntry("RetentionInDays", 30);
        }
        String policy = properties(dev, "AWS::Logs::ResourcePolicy", "KnowledgeLogPublishing").get("PolicyDocument").toString();
        assertThat(policy).contains("es.amazonaws.com", "logs:PutLogEvents", "aws:SourceAccount", SynthesizedPlatform.ACCOUNT,
                "aws:SourceArn", ":es:" + SynthesizedPlatform.REGION + ":" + SynthesizedPlatform.ACCOUNT + ":domain/mangaassist-dev-search");
        // OpenSearch Service checks it may write before it creates the domain.
        dev.hasResource(DOMAIN, Map.of("DependsOn", Match.arrayWith(List.of(logicalId(dev, "AWS::Logs::ResourcePolicy", "KnowledgeLogPublishing")))));
    }

    @Test
    void endpoint_whenSynthesized_reachesBothComputePathsAsTheKnowledgeSetting() {
        Map<String, Object> url = Map.of("Fn::Join", List.of("", List.of("https://",
                Map.of("Fn::GetAtt", List.of(logicalId(dev, DOMAIN, "KnowledgeDomain"), "DomainEndpoint")))));
        String variable = SettingNames.environmentVariable(SettingNames.KNOWLEDGE_SEARCH_ENDPOINT);

        assertThat(variable).isEqualTo("PIPELINE_KNOWLEDGE_SEARCH_ENDPOINT");
        dev.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(Match.objectLike(Map.of(
                "Name", "orchestrator", "Environment", Match.arrayWith(List.of(Map.of("Name", variable, "Value", url))))))));
        dev.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", Match.stringLikeRegexp(".*OverflowHandler.*"),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(variable, url)))));
    }

    @Test
    void endpoint_whenSynthesized_isAStackOutput() {
        dev.hasOutput("KnowledgeSearchEndpoint", Match.objectLike(Map.of("Value", Match.objectLike(Map.of("Fn::Join", Match.anyValue())))));
    }

    /** The subnets the domain's interfaces are in, as "subnet type zone". */
    @SuppressWarnings("unchecked")
    private static List<String> domainSubnets(Template template) {
        Map<String, Object> vpcOptions = castMap(properties(template, DOMAIN, "KnowledgeDomain").get("VPCOptions"));
        List<String> subnets = new ArrayList<>();
        for (Object ref : (List<Object>) vpcOptions.get("SubnetIds")) {
            Map<String, Object> subnet = castMap(template.findResources("AWS::EC2::Subnet").get(castMap(ref).get("Ref")).get("Properties"));
            String type = ((List<Map<String, Object>>) subnet.get("Tags")).stream().filter(tag -> tag.get("Key").equals("aws-cdk:subnet-type"))
                    .map(tag -> tag.get("Value").toString()).findFirst().orElseThrow();
            subnets.add(type + " " + subnet.get("AvailabilityZone"));
        }
        return subnets;
    }

    /** Every ingress rule of a group, inline or separate, as "protocol from-to source". */
    @SuppressWarnings("unchecked")
    static List<String> ingressOf(Template template, String groupPrefix) {
        String group = logicalId(template, "AWS::EC2::SecurityGroup", groupPrefix);
        List<Map<String, Object>> rules = new ArrayList<>((List<Map<String, Object>>) properties(template, "AWS::EC2::SecurityGroup", group)
                .getOrDefault("SecurityGroupIngress", List.of()));
        for (Map<String, Object> resource : template.findResources("AWS::EC2::SecurityGroupIngress").values()) {
            Map<String, Object> rule = castMap(resource.get("Properties"));
            if (rule.get("GroupId").toString().contains(group)) {
                rules.add(rule);
            }
        }
        return rules.stream().map(rule -> rule.get("IpProtocol") + " " + rule.get("FromPort") + "-" + rule.get("ToPort") + " "
                + (rule.containsKey("CidrIp") ? "cidr:" + rule.get("CidrIp")
                : "sg:" + rule.get("SourceSecurityGroupId").toString().replaceAll(".*\\[(\\w+), GroupId].*", "$1"))).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }
}
