package com.mangaassist.infra.knowledge;

import com.mangaassist.infra.config.ContextKeys;
import com.mangaassist.infra.config.InvalidContextException;
import com.mangaassist.infra.config.SearchSizing;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.ResourcePolicy;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.opensearchservice.CapacityConfig;
import software.amazon.awscdk.services.opensearchservice.CfnDomain;
import software.amazon.awscdk.services.opensearchservice.Domain;
import software.amazon.awscdk.services.opensearchservice.EbsOptions;
import software.amazon.awscdk.services.opensearchservice.EncryptionAtRestOptions;
import software.amazon.awscdk.services.opensearchservice.EngineVersion;
import software.amazon.awscdk.services.opensearchservice.IDomain;
import software.amazon.awscdk.services.opensearchservice.LoggingOptions;
import software.amazon.awscdk.services.opensearchservice.TLSSecurityPolicy;
import software.amazon.awscdk.services.opensearchservice.ZoneAwarenessConfig;
import software.constructs.Construct;

/**
 * The knowledge search engine in AWS (issue 26, ADR 0029): an OpenSearch Service domain, not
 * Serverless, because the index's mapping needs the {@code kuromoji} analyzer and the k-NN Lucene
 * engine, both of which every OpenSearch 2.19 domain has. It lives in the VPC's isolated data
 * subnets beside the cache, encrypted at rest with the platform key and between its nodes, HTTPS
 * only (TLS 1.2 with forward secrecy), reachable on 443 only from the security groups {@link #admit}
 * names, and answers only signed requests its access policy allows ({@link DomainAccessPolicy}).
 * No fine-grained access control: three IAM roles with path-scoped grants are the whole access
 * model, and the security plugin's internal users and role mappings would be a second one that
 * CloudFormation cannot manage. Slow logs and error logs go to CloudWatch Logs.
 */
public final class KnowledgeSearch extends Construct {

    public static final EngineVersion ENGINE = EngineVersion.OPENSEARCH_2_19;
    public static final int HTTPS_PORT = 443;
    /** The alarm fires when a data node has this share of its volume left (AWS's recommended 25 %). */
    public static final double FREE_STORAGE_FLOOR = 0.25;
    /**
     * Without it a reader could name any index in an {@code _msearch} or {@code _mget} body (and
     * ingestion in a {@code _bulk} body), so a path-scoped grant would not scope anything.
     */
    public static final Map<String, String> ADVANCED_OPTIONS = Map.of("rest.action.multi.allow_explicit_index", "false");

    private final Domain domain;
    private final SecurityGroup securityGroup;
    private final DomainAccessPolicy access;
    private final SearchSizing sizing;

    /**
     * @param environment names the domain ({@code mangaassist-<env>-search}): the access policy names
     *                    the domain's ARN, which only a known name lets it compose
     */
    public KnowledgeSearch(Construct scope, String id, Vpc vpc, String environment, SearchSizing sizing, IKey key, boolean retain) {
        super(scope, id);
        this.sizing = sizing;
        String name = "mangaassist-" + environment + "-search";
        String domainArn = Stack.of(this).formatArn(ArnComponents.builder().service("es").resource("domain").resourceName(name).build());
        this.access = new DomainAccessPolicy(domainArn);

        List<String> zones = vpc.getAvailabilityZones();
        int zoneCount = zoneCount(sizing.dataNodes(), zones.size());
        this.securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup").vpc(vpc)
                .description("Knowledge search domain: HTTPS from its admitted clients only").allowAllOutbound(false).build();

        LogGroup searchSlow = LogGroup.Builder.create(this, "SearchSlowLogs").retention(RetentionDays.ONE_MONTH).build();
        LogGroup indexSlow = LogGroup.Builder.create(this, "IndexSlowLogs").retention(RetentionDays.ONE_MONTH).build();
        LogGroup application = LogGroup.Builder.create(this, "ApplicationLogs").retention(RetentionDays.ONE_MONTH).build();
        // Instead of CDK's default, a custom resource that calls PutResourcePolicy with a wildcard grant: CloudFormation has
        // the resource itself, and the policy lets OpenSearch Service write for this domain of this account only.
        ResourcePolicy logPublishing = ResourcePolicy.Builder.create(this, "LogPublishing").policyStatements(List.of(
                PolicyStatement.Builder.create().principals(List.of(new ServicePrincipal("es.amazonaws.com")))
                        .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                        .resources(List.of(searchSlow.getLogGroupArn(), indexSlow.getLogGroupArn(), application.getLogGroupArn()))
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Stack.of(this).getAccount()),
                                "ArnLike", Map.of("aws:SourceArn", domainArn)))
                        .build())).build();

        CapacityConfig.Builder capacity = CapacityConfig.builder().dataNodeInstanceType(sizing.dataInstanceType())
                .dataNodes(sizing.dataNodes())
                // Multi-AZ with standby needs three zones and dedicated managers; the platform spans two.
                .multiAzWithStandbyEnabled(false);
        if (sizing.dedicatedMasters()) {
            capacity.masterNodes(sizing.masterNodes()).masterNodeInstanceType(sizing.masterInstanceType());
        }
        this.domain = Domain.Builder.create(this, "Domain")
                .domainName(name)
                .version(ENGINE)
                // Engine upgrades happen in place (UpgradeDomain): a named domain cannot be replaced by CloudFormation.
                .enableVersionUpgrade(true)
                .capacity(capacity.build())
                .zoneAwareness(zoneCount > 1 ? ZoneAwarenessConfig.builder().enabled(true).availabilityZoneCount(zoneCount).build()
                        : ZoneAwarenessConfig.builder().enabled(false).build())
                .ebs(EbsOptions.builder().enabled(true).volumeType(EbsDeviceVolumeType.GP3).volumeSize(sizing.volumeGiB()).build())
                .vpc(vpc)
                .vpcSubnets(List.of(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED)
                        .availabilityZones(zones.subList(0, zoneCount)).build()))
                .securityGroups(List.of(securityGroup))
                .encryptionAtRest(EncryptionAtRestOptions.builder().enabled(true).kmsKey(key).build())
                .nodeToNodeEncryption(true)
                .enforceHttps(true)
                .tlsSecurityPolicy(TLSSecurityPolicy.TLS_1_2_PFS)
                .advancedOptions(ADVANCED_OPTIONS)
                .logging(LoggingOptions.builder()
                        .slowSearchLogEnabled(true).slowSearchLogGroup(searchSlow)
                        .slowIndexLogEnabled(true).slowIndexLogGroup(indexSlow)
                        .appLogEnabled(true).appLogGroup(application).build())
                .suppressLogsResourcePolicy(true)
                .removalPolicy(retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
        domain.getNode().addDependency(logPublishing);
        // Set on the resource itself, not through Domain's access-policy custom resource: the policy is in
        // force from the domain's first minute and reviewable in the template.
        ((CfnDomain) domain.getNode().getDefaultChild()).setAccessPolicies(access.document());
    }

    /**
     * One data node runs in one zone; more are spread evenly over up to three of the VPC's zones
     * (OpenSearch Service's maximum), so their count must divide evenly.
     */
    private static int zoneCount(int dataNodes, int vpcZones) {
        if (dataNodes == 1) {
            return 1;
        }
        int zones = Math.min(3, vpcZones);
        if (dataNodes % zones != 0) {
            throw InvalidContextException.invalid(ContextKeys.SEARCH_DATA_NODES, dataNodes, "1, or a multiple of the " + zones
                    + " availability zones the domain spans (zone awareness puts as many data nodes in each)");
        }
        return zones;
    }

    /** Lets {@code client} reach the domain on 443, and the domain be reached from it, and nothing more. */
    public void admit(SecurityGroup client, String who) {
        securityGroup.addIngressRule(client, Port.tcp(HTTPS_PORT), "HTTPS from " + who);
        client.addEgressRule(securityGroup, Port.tcp(HTTPS_PORT), "to the knowledge search domain");
    }

    /** {@code reader} may search the knowledge alias ({@link DomainAccessPolicy#allowSearch}). */
    public void allowSearch(IPrincipal reader) {
        access.allowSearch(reader);
    }

    /** {@code writer} may build and swap index versions ({@link DomainAccessPolicy#allowIngest}). */
    public void allowIngest(IPrincipal writer) {
        access.allowIngest(writer);
    }

    /** What clients are given: {@code https://<domain endpoint>}, as the knowledge CLI's {@code --endpoint} takes it. */
    /** Copies of each index shard beyond the primary: one when there are nodes to hold it (an index survives losing one), none on a single node. */
    public int indexReplicas() {
        return sizing.dataNodes() > 1 ? 1 : 0;
    }

    public String endpointUrl() {
        return "https://" + domain.getDomainEndpoint();
    }

    public IDomain domain() {
        return domain;
    }

    public SecurityGroup securityGroup() {
        return securityGroup;
    }

    public SearchSizing sizing() {
        return sizing;
    }

    /** {@code FreeStorageSpace} (megabytes, per node) below which the storage alarm fires. */
    public double freeStorageFloorMegabytes() {
        return sizing.volumeGiB() * 1024 * FREE_STORAGE_FLOOR;
    }
}
