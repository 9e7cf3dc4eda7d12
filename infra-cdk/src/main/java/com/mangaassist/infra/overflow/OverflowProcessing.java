package com.mangaassist.infra.overflow;

import com.mangaassist.infra.config.EnvironmentConfig;
import com.mangaassist.infra.data.DataStores;
import com.mangaassist.infra.pipeline.TurnPipelineAccess;
import com.mangaassist.shared.contract.SettingNames;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The burst path: the overflow queue (and its DLQ after three receives) drained by the overflow
 * function through an SQS event source with partial batch responses. The function runs on Java 21
 * with SnapStart, which applies to published versions, so the event source is attached to the
 * {@code live} alias, never to $LATEST.
 */
public final class OverflowProcessing extends Construct {

    public static final String HANDLER = "com.mangaassist.overflow.OverflowHandler::handleRequest";
    public static final int MAX_RECEIVE_COUNT = 3;

    private final Queue queue;
    private final Queue deadLetters;
    private final Function function;
    private final Alias alias;

    public OverflowProcessing(Construct scope, String id, Vpc vpc, SubnetSelection subnets, DataStores data, EnvironmentConfig config,
                              TurnPipelineAccess access) {
        super(scope, id);
        this.deadLetters = Queue.Builder.create(this, "DeadLetters")
                .encryption(QueueEncryption.KMS).encryptionMasterKey(data.key()).enforceSsl(true)
                .retentionPeriod(Duration.days(14)).build();
        // A message stays invisible for six function timeouts: a batch retried by Lambda never
        // reappears while an earlier attempt may still be working on it.
        this.queue = Queue.Builder.create(this, "Queue")
                .encryption(QueueEncryption.KMS).encryptionMasterKey(data.key()).enforceSsl(true)
                .visibilityTimeout(Duration.seconds(6L * config.lambdaTimeoutSeconds()))
                .retentionPeriod(Duration.days(4))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(MAX_RECEIVE_COUNT).build())
                .build();

        SecurityGroup functions = SecurityGroup.Builder.create(this, "FunctionSecurityGroup").vpc(vpc)
                .description("Overflow function: outbound only").build();
        this.function = Function.Builder.create(this, "Function")
                .runtime(Runtime.JAVA_21).handler(HANDLER)
                .code(Code.fromBucket(Bucket.fromBucketName(this, "Artifacts", config.lambdaArtifact().bucket()), config.lambdaArtifact().key()))
                .memorySize(config.lambdaMemoryMb()).timeout(Duration.seconds(config.lambdaTimeoutSeconds()))
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .vpc(vpc).vpcSubnets(subnets).securityGroups(List.of(functions, data.redisClients()))
                .tracing(Tracing.ACTIVE)
                .loggingFormat(LoggingFormat.JSON)
                .logGroup(LogGroup.Builder.create(this, "Logs").retention(RetentionDays.ONE_MONTH).build())
                .environment(Map.of("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))
                .build();
        access.environment().forEach(function::addEnvironment);
        function.addEnvironment(TurnPipelineAccess.env(SettingNames.REDIS_AUTH_SECRET_ARN), data.redisAuth().getSecretArn());
        function.addEnvironment(TurnPipelineAccess.env(SettingNames.IDEMPOTENCY_TABLE), data.idempotency().getTableName());
        access.grantTo(function);
        data.idempotency().grantReadWriteData(function);

        software.amazon.awscdk.Annotations.of(this).acknowledgeWarning("@aws-cdk/aws-lambda:codeFromBucketObjectVersionNotSpecified",
                "The artifact key is content-addressed (its SHA-256), so every build is a new key and CloudFormation sees the change.");
        software.amazon.awscdk.Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "currentVersion publishes a version on every code or configuration change; the event source uses the live alias.");
        this.alias = Alias.Builder.create(this, "Live").aliasName("live").version(function.getCurrentVersion()).build();
        alias.addEventSource(new SqsEventSource(queue, SqsEventSourceProps.builder()
                .batchSize(config.overflowBatchSize())
                .maxConcurrency(config.overflowMaxConcurrency())
                .reportBatchItemFailures(true)
                .build()));
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetters() {
        return deadLetters;
    }

    public Function function() {
        return function;
    }

    public Alias alias() {
        return alias;
    }
}
