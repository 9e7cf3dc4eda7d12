package com.mangaassist.infra;

import static com.mangaassist.infra.ContextOverridesTest.logicalId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Where each compute security group may go (ADR 0027): HTTPS to the interface endpoints' group and
 * to the gateway endpoints' prefix lists it uses, HTTPS to the knowledge search domain's group
 * from the two compute paths (ADR 0029), and HTTPS through NAT only where the public
 * {@code @connections} API is called (tasks and the function); the GPU endpoint never leaves
 * through NAT. No other port, protocol or destination.
 */
class EgressRulesTest {

    private final Template template = SynthesizedPlatform.of("dev").template();

    private String endpointsGroup() {
        return logicalId(template, "AWS::EC2::SecurityGroup", "NetworkInterfaceEndpoints");
    }

    private String searchDomainGroup() {
        return logicalId(template, "AWS::EC2::SecurityGroup", "KnowledgeSecurityGroup");
    }

    private String prefixList(String lookup) {
        return "pl:" + Map.of("Fn::GetAtt", List.of(logicalId(template, "Custom::AWS", "NetworkEgress" + lookup), "PrefixLists.0.PrefixListId"));
    }

    private List<String> egressOf(String groupPrefix) {
        return egressOf(template, groupPrefix);
    }

    /** Every egress rule of a group, inline or separate, as "protocol from-to destination". */
    @SuppressWarnings("unchecked")
    static List<String> egressOf(Template template, String groupPrefix) {
        String group = logicalId(template, "AWS::EC2::SecurityGroup", groupPrefix);
        List<Map<String, Object>> rules = new ArrayList<>();
        Map<String, Object> properties = (Map<String, Object>) template.findResources("AWS::EC2::SecurityGroup").get(group).get("Properties");
        rules.addAll((List<Map<String, Object>>) properties.getOrDefault("SecurityGroupEgress", List.of()));
        for (Map<String, Object> resource : template.findResources("AWS::EC2::SecurityGroupEgress").values()) {
            Map<String, Object> rule = (Map<String, Object>) resource.get("Properties");
            if (rule.get("GroupId").toString().contains(group)) {
                rules.add(rule);
            }
        }
        return rules.stream().map(rule -> rule.get("IpProtocol") + " " + rule.get("FromPort") + "-" + rule.get("ToPort") + " "
                + (rule.containsKey("CidrIp") ? "cidr:" + rule.get("CidrIp")
                : rule.containsKey("DestinationPrefixListId") ? "pl:" + rule.get("DestinationPrefixListId")
                : "sg:" + rule.get("DestinationSecurityGroupId").toString().replaceAll(".*\\[(\\w+), GroupId].*", "$1"))).toList();
    }

    @Test
    void tasks_whenSynthesized_leaveOnlyForTheEndpointsS3DynamoDbSearchAndConnectionsOverNat() {
        assertThat(egressOf("BaselineTaskSecurityGroup")).containsExactlyInAnyOrder(
                "tcp 443-443 sg:" + endpointsGroup(),
                "tcp 443-443 sg:" + searchDomainGroup(),
                "tcp 443-443 " + prefixList("S3PrefixList"),
                "tcp 443-443 " + prefixList("DynamoDbPrefixList"),
                "tcp 443-443 cidr:0.0.0.0/0");
    }

    @Test
    void function_whenSynthesized_leavesOnlyForTheEndpointsDynamoDbSearchAndConnectionsOverNat() {
        assertThat(egressOf("OverflowFunctionSecurityGroup")).containsExactlyInAnyOrder(
                "tcp 443-443 sg:" + endpointsGroup(),
                "tcp 443-443 sg:" + searchDomainGroup(),
                "tcp 443-443 " + prefixList("DynamoDbPrefixList"),
                "tcp 443-443 cidr:0.0.0.0/0");
    }

    @Test
    void gpuEndpoint_whenSynthesized_leavesOnlyForTheEndpointsAndS3NeverThroughNat() {
        assertThat(egressOf("InferenceSecurityGroup")).containsExactlyInAnyOrder(
                "tcp 443-443 sg:" + endpointsGroup(),
                "tcp 443-443 " + prefixList("S3PrefixList"));
    }

    @Test
    void interfaceEndpoints_whenSynthesized_shareOneGroupOpenToTheVpcOnHttps() {
        String group = endpointsGroup();
        assertThat(template.findResources("AWS::EC2::VPCEndpoint", Map.of("Properties", Map.of("VpcEndpointType", "Interface"))).values())
                .hasSize(7).allSatisfy(endpoint -> assertThat(endpoint.toString()).contains(group));
        template.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of("GroupDescription", Match.stringLikeRegexp("Interface endpoints.*"),
                "SecurityGroupIngress", List.of(Match.objectLike(Map.of("CidrIp", "10.40.0.0/16", "FromPort", 443, "ToPort", 443)))));
    }

    @Test
    void prefixLists_whenSynthesized_areLookedUpByTheRegionsManagedListNamesAtDeployTime() {
        for (String service : List.of("s3", "dynamodb")) {
            template.hasResourceProperties("Custom::AWS", Map.of("Create", Match.stringLikeRegexp(
                    ".*describeManagedPrefixLists.*com\\.amazonaws\\." + SynthesizedPlatform.REGION + "\\." + service + "\".*")));
        }
    }
}
