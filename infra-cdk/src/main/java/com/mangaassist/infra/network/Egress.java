package com.mangaassist.infra.network;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.SdkCallsPolicyOptions;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.constructs.Construct;

/**
 * The ways out of the VPC its compute may take, as security-group egress rules (ADR 0027): HTTPS
 * to the interface endpoints' security group, HTTPS to the S3 and DynamoDB gateway endpoints (their
 * AWS-managed prefix lists, whose ids differ per region and are looked up at deploy time, so synth
 * stays offline), and HTTPS through NAT for the one call that has no endpoint, API Gateway's
 * {@code @connections}. Each compute security group is given only the paths its data uses.
 */
public final class Egress extends Construct {

    /** One way out. */
    public enum Path {
        /** ECR, CloudWatch Logs, SQS, Kinesis, SageMaker runtime, Secrets Manager: the interface endpoints. */
        INTERFACE_ENDPOINTS,
        /** S3 through its gateway endpoint: image layers and model data. */
        S3,
        /** DynamoDB through its gateway endpoint. */
        DYNAMODB,
        /**
         * The public {@code @connections} API through NAT: it has no VPC endpoint (an execute-api endpoint
         * serves private APIs only) and API Gateway publishes no prefix list, so the rule names any
         * address on 443. While a group has it, HTTPS is the only restriction on that group's egress.
         */
        CONNECTIONS_OVER_NAT
    }

    private final ISecurityGroup interfaceEndpoints;
    private final String s3PrefixList;
    private final String dynamoDbPrefixList;

    Egress(Construct scope, String id, ISecurityGroup interfaceEndpoints) {
        super(scope, id);
        this.interfaceEndpoints = interfaceEndpoints;
        this.s3PrefixList = prefixListId("S3PrefixList", "s3");
        this.dynamoDbPrefixList = prefixListId("DynamoDbPrefixList", "dynamodb");
    }

    /** Lets {@code group} out on each of {@code paths} (HTTPS only), and nowhere else. */
    public void allow(SecurityGroup group, Path... paths) {
        for (Path path : paths) {
            switch (path) {
                case INTERFACE_ENDPOINTS -> group.addEgressRule(interfaceEndpoints, Port.tcp(443), "AWS APIs through the interface endpoints");
                case S3 -> group.addEgressRule(Peer.prefixList(s3PrefixList), Port.tcp(443), "S3 through its gateway endpoint");
                case DYNAMODB -> group.addEgressRule(Peer.prefixList(dynamoDbPrefixList), Port.tcp(443), "DynamoDB through its gateway endpoint");
                case CONNECTIONS_OVER_NAT -> group.addEgressRule(Peer.anyIpv4(), Port.tcp(443),
                        "API Gateway @connections through NAT (no endpoint or prefix list exists for it)");
            }
        }
    }

    /** The AWS-managed prefix list of {@code service}'s gateway endpoint in this region, read when the stack deploys. */
    private String prefixListId(String id, String service) {
        String name = "com.amazonaws." + Stack.of(this).getRegion() + "." + service;
        AwsSdkCall describe = AwsSdkCall.builder().service("EC2").action("describeManagedPrefixLists")
                .parameters(Map.of("Filters", List.of(Map.of("Name", "prefix-list-name", "Values", List.of(name)))))
                .physicalResourceId(PhysicalResourceId.of(name))
                .outputPaths(List.of("PrefixLists.0.PrefixListId"))
                .build();
        AwsCustomResource lookup = AwsCustomResource.Builder.create(this, id).onCreate(describe).onUpdate(describe)
                .policy(AwsCustomResourcePolicy.fromSdkCalls(SdkCallsPolicyOptions.builder()
                        .resources(AwsCustomResourcePolicy.ANY_RESOURCE).build()))
                .installLatestAwsSdk(false)
                .build();
        return lookup.getResponseField("PrefixLists.0.PrefixListId");
    }
}
