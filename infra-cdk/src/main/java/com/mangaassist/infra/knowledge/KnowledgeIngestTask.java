package com.mangaassist.infra.knowledge;

import com.mangaassist.infra.config.KnowledgeDataPrefix;
import com.mangaassist.shared.release.ReleaseManifest.ImageRef;
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
 * {@code aws ecs run-task} (infra-cdk README), that copies the knowledge data from the artifact
 * bucket's {@code knowledge/<hash>/} prefix to a local directory and runs {@code knowledge ingest}
 * against the domain: a new index version beside the live one, verified, then the alias moved.
 * Its role may read that prefix and write index versions, nothing else; its security group may
 * reach the domain, S3 and the interface endpoints (image pull, logs), nothing else.
 *
 * <p>The command needs an image holding {@code sh}, the AWS CLI, a Java 17 runtime and the
 * knowledge module's jars under {@value #CLASS_PATH}. The release builds no such image yet, so the
 * task names the release's orchestrator image, which holds none of them: ECS fails the container
 * at start ({@code CannotStartContainerError}: {@code sh} not found) before anything is read or
 * written. The task definition is there so that the image is the one missing piece; it exists only
 * with {@code -c knowledgeDataPrefix}.
 */
public final class KnowledgeIngestTask extends Construct {

    public static final String DATA_DIR = "/tmp/knowledge";
    public static final String CLASS_PATH = "/opt/knowledge/lib/*";
    public static final String CLI = "com.mangaassist.knowledge.cli.KnowledgeCli";
    /** Two vCPUs as measured (ADR 0026: 344 documents embedded and indexed in 8-11 s on two cores); ONNX runs off-heap. */
    public static final int CPU = 2048;
    public static final int MEMORY_MIB = 4096;

    private final FargateTaskDefinition taskDefinition;
    private final SecurityGroup securityGroup;

    /**
     * @param bucket the artifact bucket ({@code ArtifactNames.bucket()}), S3-managed keys: reading needs no KMS grant
     * @param image  the image the task runs (see the class comment for what it must hold)
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
                .entryPoint(List.of("sh", "-c"))
                .command(List.of(command(bucket, data, search.endpointUrl(), Stack.of(this).getRegion(), search.indexReplicas())))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("knowledge-ingest").build()))
                .build());

        // ListBucket only under the prefix (what `aws s3 sync` lists), GetObject only of its objects.
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

    /** Copy the prefix, then ingest it; {@code set -e} so a failed copy never ingests a partial directory. */
    static String command(String bucket, KnowledgeDataPrefix data, String endpointUrl, String region, int replicas) {
        return "set -eu; "
                + "aws s3 sync 's3://" + bucket + "/" + data.prefix() + "' " + DATA_DIR + " --only-show-errors --region " + region + "; "
                + "exec java -XX:MaxRAMPercentage=70 -cp '" + CLASS_PATH + "' " + CLI + " ingest --endpoint '" + endpointUrl + "' --data " + DATA_DIR
                + " --replicas " + replicas;
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
