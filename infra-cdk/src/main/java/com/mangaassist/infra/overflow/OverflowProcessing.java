package com.mangaassist.infra.overflow;

import com.mangaassist.infra.config.EnvironmentConfig;
import com.mangaassist.infra.data.DataStores;
import com.mangaassist.infra.pipeline.TurnPipelineAccess;
import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.shared.contract.TurnTimings;
import com.mangaassist.releasecontract.ReleaseManifest.ObjectRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.BucketOptions;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.CfnCodeSigningConfig;
import software.amazon.awscdk.services.lambda.CodeSigningConfig;
import software.amazon.awscdk.services.lambda.ICodeSigningConfig;
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
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * The burst path: the overflow queue (and its DLQ after three receives) drained by the overflow
 * function through an SQS event source with partial batch responses. The function runs on Java 21
 * with SnapStart, which applies to published versions, so the event source is attached to the
 * {@code live} alias, never to $LATEST. Its code is the release's signed zip, pinned by S3 object
 * version, and Lambda refuses any zip not signed with the artifacts stack's Signer profile.
 */
public final class OverflowProcessing extends Construct {

    public static final String HANDLER = "com.mangaassist.overflow.OverflowHandler::handleRequest";
    /** The services' bounds: the function timeout and the queue's visibility and receive count come from them (ADR 0019). */
    private static final TurnTimings TIMINGS = TurnPipelineAccess.TIMINGS;
    public static final int MAX_RECEIVE_COUNT = TIMINGS.maxReceives();
    /** Lambda refuses (not merely warns about) code that no allowed profile signed. */
    public static final String UNTRUSTED_ARTIFACT_ON_DEPLOYMENT = "Enforce";

    private final Queue queue;
    private final Queue deadLetters;
    private final Function function;
    private final Alias alias;
    private final ICodeSigningConfig codeSigning;
    private final SecurityGroup functionSecurityGroup;
    private final LogGroup logs;

    /**
     * The function's code and who must have signed it.
     *
     * @param zip                               the release's (signed) zip with its S3 version
     * @param signingProfileVersionArnParameter the SSM parameter holding the artifacts stack's Signer profile version ARN
     * @param redisAuthTokenGeneration          changes the function's configuration when the Redis token rotates (see README)
     */
    public record CodeSource(ObjectRef zip, String signingProfileVersionArnParameter, int redisAuthTokenGeneration) {
        public CodeSource {
            Objects.requireNonNull(zip.versionId(), "a deployed zip is pinned by its S3 version");
        }
    }

    public OverflowProcessing(Construct scope, String id, Vpc vpc, SubnetSelection subnets, DataStores data, EnvironmentConfig config,
                              TurnPipelineAccess access, CodeSource code) {
        super(scope, id);
        this.deadLetters = Queue.Builder.create(this, "DeadLetters")
                .encryption(QueueEncryption.KMS).encryptionMasterKey(data.key()).enforceSsl(true)
                .retentionPeriod(Duration.days(14)).build();
        // A message stays invisible for the function timeout plus TurnTimings' visibility slack
        // (120 s over 90 s): it reappears only after the invocation that received it has ended.
        // Not the six timeouts AWS suggests: all three receives fit in the queued lease, and with it
        // the time a spilled message may wait before it answers `expired` (430 s, ADR 0019).
        this.queue = Queue.Builder.create(this, "Queue")
                .encryption(QueueEncryption.KMS).encryptionMasterKey(data.key()).enforceSsl(true)
                .visibilityTimeout(Duration.seconds(TIMINGS.visibilityTimeout().toSeconds()))
                .retentionPeriod(Duration.days(4))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(MAX_RECEIVE_COUNT).build())
                .build();

        // The profile's version ARN is resolved from SSM at deploy time: no export ties this stack to the
        // artifacts stack. Signer's own ARN, as its stack recorded it; CDK's attribute-based import
        // composes a malformed one (".../:/" + "/signing-profiles"), which would never match a signature.
        String profileVersionArn = StringParameter.valueForStringParameter(this, code.signingProfileVersionArnParameter());
        CfnCodeSigningConfig signing = CfnCodeSigningConfig.Builder.create(this, "CodeSigning")
                .allowedPublishers(CfnCodeSigningConfig.AllowedPublishersProperty.builder()
                        .signingProfileVersionArns(List.of(profileVersionArn)).build())
                .codeSigningPolicies(CfnCodeSigningConfig.CodeSigningPoliciesProperty.builder()
                        .untrustedArtifactOnDeployment(UNTRUSTED_ARTIFACT_ON_DEPLOYMENT).build())
                .description("Only code signed by the MangaAssist release's Signer profile deploys")
                .build();
        this.codeSigning = CodeSigningConfig.fromCodeSigningConfigArn(this, "CodeSigningConfig", signing.getAttrCodeSigningConfigArn());

        // Egress is only what Network's Egress grants it (ADR 0027).
        this.functionSecurityGroup = SecurityGroup.Builder.create(this, "FunctionSecurityGroup").vpc(vpc)
                .description("Overflow function: outbound only").allowAllOutbound(false).build();
        this.logs = LogGroup.Builder.create(this, "Logs").retention(RetentionDays.ONE_MONTH).build();
        this.function = Function.Builder.create(this, "Function")
                .runtime(Runtime.JAVA_21).handler(HANDLER)
                .code(Code.fromBucketV2(Bucket.fromBucketName(this, "Artifacts", code.zip().bucket()), code.zip().key(),
                        BucketOptions.builder().objectVersion(code.zip().versionId()).build()))
                .codeSigningConfig(codeSigning)
                // The token is read at init and lives in the SnapStart snapshot: a new generation changes
                // the configuration, so Lambda publishes a version whose snapshot read the new token.
                .description("MangaAssist overflow turns (Redis AUTH token generation " + code.redisAuthTokenGeneration() + ")")
                .memorySize(config.lambdaMemoryMb()).timeout(Duration.seconds(TIMINGS.lambdaTimeout().toSeconds()))
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .vpc(vpc).vpcSubnets(subnets).securityGroups(List.of(functionSecurityGroup, data.redisClients()))
                .tracing(Tracing.ACTIVE)
                .loggingFormat(LoggingFormat.JSON)
                .logGroup(logs)
                // A JVM launcher option, not a service setting: C1 only, the fastest init for SnapStart.
                .environment(Map.of("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))
                .build();
        access.environment().forEach(function::addEnvironment);
        function.addEnvironment(TurnPipelineAccess.env(SettingNames.REDIS_AUTH_SECRET_ARN), data.redisAuth().getSecretArn());
        access.grantTo(function);
        // The function reads the Redis token itself, by ARN, at init.
        data.redisAuth().grantRead(function);

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

    public ICodeSigningConfig codeSigning() {
        return codeSigning;
    }

    /** Where the function logs (Powertools' JSON lines and EMF documents). */
    public LogGroup logs() {
        return logs;
    }

    /** The function's own group (it also joins the cache clients' group). */
    public SecurityGroup functionSecurityGroup() {
        return functionSecurityGroup;
    }
}
