package com.mangaassist.infra.knowledge;

import com.mangaassist.infra.config.KnowledgeDataPrefix;
import com.mangaassist.releasecontract.ReleaseManifest.ImageRef;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The ingestion path (ADR 0029): a Fargate task definition, run on demand with
 * {@code aws ecs run-task} (infra-cdk README), that runs {@code knowledge ingest} from the
 * release's orchestrator image against the domain: the CLI downloads the knowledge data from the
 * artifact bucket's {@code knowledge/<hash>/} prefix whole (a failed or partial download never
 * ingests), then builds a new index version beside the live one, verifies it and moves the alias,
 * every request SigV4-signed with the task role. Its role may read that prefix and write index
 * versions, nothing else; its security group may reach the domain, S3 and the interface endpoints
 * (image pull, logs), nothing else. It exists only with {@code -c knowledgeDataPrefix}.
 *
 * <p>No ingestion image: the orchestrator image already holds what the command needs — the
 * knowledge module's classes (turn-pipeline depends on it), the AWS SDK with its S3 client, and a
 * Java runtime — laid out as its Dockerfile does ({@value #JAVA}, the jars under
 * {@value #CLASS_PATH}). It has no shell, so the container runs {@code java} directly (exec form):
 * the entry point is the JVM with that class path and {@value #CLI}, the command is the CLI's
 * arguments (what {@code run-task --overrides} may change). That runtime is jlink'd and must hold
 * {@code java.net.http}, which the knowledge module's OpenSearch client is built on (ADR 0029).
 */
public final class KnowledgeIngestTask extends Construct {

    /** The orchestrator image's jlink'd runtime (fargate-orchestrator/Dockerfile). */
    public static final String JAVA = "/opt/java/bin/java";
    /** The orchestrator image's jars, the service's and every dependency's (fargate-orchestrator/Dockerfile); the JVM expands the wildcard. */
    public static final String CLASS_PATH = "/opt/orchestrator/lib/*";
    public static final String CLI = "com.mangaassist.knowledge.cli.KnowledgeCli";
    /** Two vCPUs as measured (ADR 0026: 344 documents embedded and indexed in 8-11 s on two cores); ONNX runs off-heap. */
    public static final int CPU = 2048;
    public static final int MEMORY_MIB = 4096;

    private final FargateTaskDefinition taskDefinition;
    private final SecurityGroup securityGroup;

    /**
     * @param bucket the artifact bucket ({@code ArtifactNames.bucket()}), S3-managed keys: reading needs no KMS grant
     * @param image  the release's orchestrator image (see the class comment for what the task uses of it)
     */
    public KnowledgeIngestTask(Construct scope, String id, Vpc vpc, String environment, String bucket, KnowledgeDataPrefix data,
                               ImageRef image, KnowledgeSearch search) {
        super(scope, id);
        this.taskDefinition = FargateTaskDefinition.Builder.create(this, "Task")
                // A fixed family, so run-task names it without looking the revision up.
                .family("mangaassist-" + environment + "-knowledge-ingest")
                .cpu(CPU).memoryLimitMiB(MEMORY_MIB).build();
        LogGroup logs = LogGroup.Builder.create(this, "Logs").retention(RetentionDays.ONE_MONTH).build();
        taskDefinition.addContainer("ingest", ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromEcrRepository(Repository.fromRepositoryName(this, "Repository", image.name()), image.digest()))
                .entryPoint(entryPoint())
                .command(command(bucket, data, search.endpointUrl(), Stack.of(this).getRegion(), search.indexReplicas()))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("knowledge-ingest").build()))
                .build());

        // ListBucket only under the prefix (the CLI's ListObjectsV2 names it), GetObject only of its objects.
        taskDefinition.getTaskRole().addToPrincipalPolicy(PolicyStatement.Builder.create().actions(List.of("s3:ListBucket"))
                .resources(List.of("arn:" + Stack.of(this).getPartition() + ":s3:::" + bucket))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(data.prefix(), data.prefix() + "*")))).build());
        taskDefinition.getTaskRole().addToPrincipalPolicy(PolicyStatement.Builder.create().actions(List.of("s3:GetObject"))
                .resources(List.of(objects(bucket, data))).build());
        search.allowIngest(taskDefinition.getTaskRole());

        this.securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup").vpc(vpc)
                .description("Knowledge ingestion task: outbound only")
                // Egress is the domain (KnowledgeSearch.admit) and what Network's Egress grants it.
                .allowAllOutbound(false).build();
        search.admit(securityGroup, "the knowledge ingestion task");
    }

    /**
     * The JVM with the flags the image's own entry point starts it with (heap by the task's memory, exit on OOM, G1), on
     * the image's class path, with the CLI as main class.
     */
    static List<String> entryPoint() {
        return List.of(JAVA, "-XX:MaxRAMPercentage=70", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseG1GC", "-cp", CLASS_PATH, CLI);
    }

    /**
     * {@code ingest} from the prefix into the domain. {@code --sigv4}: the domain refuses unsigned
     * requests (the CLI would also sign for a {@code *.es.amazonaws.com} host, but says so here
     * rather than by inference); {@code --region}: the stack's, where the bucket and the domain are.
     */
    static List<String> command(String bucket, KnowledgeDataPrefix data, String endpointUrl, String region, int replicas) {
        return List.of("ingest", "--endpoint", endpointUrl, "--data", "s3://" + bucket + "/" + data.prefix(), "--replicas", Integer.toString(replicas),
                "--region", region, "--sigv4");
    }

    /** The objects under the prefix: the one wildcard the role has. */
    private String objects(String bucket, KnowledgeDataPrefix data) {
        return "arn:" + Stack.of(this).getPartition() + ":s3:::" + bucket + "/" + data.prefix() + "*";
    }

    public FargateTaskDefinition taskDefinition() {
        return taskDefinition;
    }

    /** The group run-task must name (its egress is given by the stack). */
    public SecurityGroup securityGroup() {
        return securityGroup;
    }
}
