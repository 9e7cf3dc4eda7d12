package com.mangaassist.infra.network;

import java.util.List;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The VPC: public subnets only for NAT, private subnets (with egress) for tasks, functions and the
 * endpoint, isolated subnets for Redis. VPC endpoints keep the heavy AWS traffic (DynamoDB, S3
 * model data and image layers, ECR, SQS, Kinesis, SageMaker runtime, Secrets Manager, logs, which
 * also carry the services' EMF metrics) off the NAT gateways. There is deliberately no
 * execute-api endpoint: with private DNS it would capture calls to the public WebSocket API's
 * @connections URL; and no CloudWatch monitoring endpoint: nothing in the VPC calls PutMetricData.
 */
public final class Network extends Construct {

    /** A literal (not the VPC's CidrBlock attribute) so security-group rules stay reviewable and checkable. */
    public static final String CIDR = "10.40.0.0/16";

    private final Vpc vpc;
    private final SecurityGroup interfaceEndpoints;
    private final Egress egress;

    /** @param availabilityZones the AZs to span: the stack's looked-up zones or the operator's explicit list */
    public Network(Construct scope, String id, int natGateways, List<String> availabilityZones) {
        super(scope, id);
        LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs").retention(RetentionDays.ONE_MONTH).build();
        this.vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr(CIDR))
                .availabilityZones(availabilityZones)
                .natGateways(natGateways)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                        SubnetConfiguration.builder().name("private").subnetType(SubnetType.PRIVATE_WITH_EGRESS).cidrMask(20).build(),
                        SubnetConfiguration.builder().name("data").subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(24).build()))
                .flowLogs(java.util.Map.of("all", FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(flowLogs)).trafficType(FlowLogTrafficType.ALL).build()))
                .build();
        SubnetSelection privateSubnets = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
        vpc.addGatewayEndpoint("DynamoDb", GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.DYNAMODB).build());
        vpc.addGatewayEndpoint("S3", GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.S3).build());
        // One group for every interface endpoint, so a compute group's egress can name "the endpoints" in one rule (Egress).
        this.interfaceEndpoints = SecurityGroup.Builder.create(this, "InterfaceEndpoints").vpc(vpc)
                .description("Interface endpoints: HTTPS from inside the VPC").allowAllOutbound(false).build();
        interfaceEndpoints.addIngressRule(Peer.ipv4(CIDR), Port.tcp(443), "HTTPS from inside the VPC");
        List<InterfaceVpcEndpointAwsService> services = List.of(InterfaceVpcEndpointAwsService.ECR, InterfaceVpcEndpointAwsService.ECR_DOCKER,
                InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
                InterfaceVpcEndpointAwsService.SQS, InterfaceVpcEndpointAwsService.KINESIS_STREAMS,
                InterfaceVpcEndpointAwsService.SAGEMAKER_RUNTIME, InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
        for (InterfaceVpcEndpointAwsService service : services) {
            String id2 = service.getShortName().replaceAll("[^A-Za-z0-9]", "");
            vpc.addInterfaceEndpoint("Endpoint" + id2, InterfaceVpcEndpointOptions.builder()
                    .service(service).subnets(privateSubnets).securityGroups(List.of(interfaceEndpoints)).open(false).build());
        }
        this.egress = new Egress(this, "Egress", interfaceEndpoints);
    }

    public Vpc vpc() {
        return vpc;
    }

    /** The interface endpoints' one security group. */
    public SecurityGroup interfaceEndpoints() {
        return interfaceEndpoints;
    }

    /** The paths out a compute security group may be given (ADR 0027). */
    public Egress egress() {
        return egress;
    }

    public SubnetSelection privateSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
    }

    public SubnetSelection dataSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
    }
}
