package com.mangaassist.infra;

import com.mangaassist.infra.client.HostedClient;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.constructs.IConstruct;

/**
 * Every cdk-nag finding this platform accepts, on the one resource it concerns, with the reason a
 * reviewer needs. Anything not listed here fails {@code CdkNagTest}.
 */
final class NagSuppressionsForPlatform {

    private NagSuppressionsForPlatform() {
    }

    static void apply(PlatformStack stack) {
        grants(stack);
        for (String route : List.of("DisconnectRoute", "DefaultRoute")) {
            suppress(stack.edge().getNode().findChild(route), "AwsSolutions-APIG4",
                    "WebSocket APIs authorize once, at $connect (Lambda REQUEST authorizer on an OIDC token); API Gateway only routes "
                            + "frames of connections that passed it, and the authorizer's principal is mapped into every later route's "
                            + "X-MangaAssist-Principal header.");
        }
        suppress(stack.data().redisAuth(), "AwsSolutions-SMG4",
                "The ElastiCache AUTH token is rotated with modify-replication-group --auth-token-update-strategy ROTATE then SET, "
                        + "which a Secrets Manager rotation function cannot do without dropping clients; the runbook in "
                        + "infra-cdk/README.md rotates it.");
        suppress(stack.originProof().secret(), "AwsSolutions-SMG4",
                "The origin proof is rotated by the runbook in infra-cdk/README.md (ADR 0027): a new version, a wait until every task "
                        + "read it, then a deploy that maps it into the stage; a rotation function could not sequence the deploy.");
        suppress(stack.data().chatEvents(), "AwsSolutions-KDS3",
                "A customer-managed key is intended: chat events carry principal ids, and one platform key for every data store "
                        + "lets security revoke access to all conversation data at once.");
        suppress(stack.accessLogs(), "AwsSolutions-S1",
                "This bucket is the access-log destination itself; logging it into itself would loop.");
        suppress(stack.overflow().function(), "AwsSolutions-L1",
                "Java 21 is the deliberate runtime: SnapStart-supported and matching the platform's Java 17+ bytecode; moving to "
                        + "Java 25 is a tested change, not an automatic one.");
        knowledge(stack);
        client(stack);
        suppress(stack.baseline().taskDefinition(), "AwsSolutions-ECS2",
                "Environment variables carry only resource names and endpoints; the one secret (the Redis token) is injected as an "
                        + "ECS secret from Secrets Manager.");
    }

    /** The knowledge search domain and its ingestion task (ADR 0029). */
    private static void knowledge(PlatformStack stack) {
        IConstruct domain = stack.knowledge().domain();
        suppress(domain, "AwsSolutions-OS3", "The domain is in the VPC's isolated subnets, reachable on 443 only from the orchestrator "
                + "tasks', the overflow function's and the ingestion task's security groups, and its access policy names those roles "
                + "(signed requests only) with path-scoped actions. Their addresses are Fargate and Lambda ENIs that change with every "
                + "task and scaling event: an IP allowlist would be the private subnets' ranges, weaker than the principals named.");
        if (!stack.knowledge().sizing().dedicatedMasters()) {
            suppress(domain, "AwsSolutions-OS4", "dev runs one data node and no dedicated cluster managers on purpose (cost): a "
                    + "one-node domain has no election to stabilize. prod has three dedicated cluster managers.");
        }
        if (stack.knowledge().sizing().dataNodes() == 1) {
            suppress(domain, "AwsSolutions-OS7", "dev runs one data node (cost), so there is no second zone to replicate to: knowledge "
                    + "search is down in dev while that node or its zone is, and the index is re-ingested from knowledge/data. prod "
                    + "spreads its data nodes over the platform's zones.");
        }
        stack.knowledgeIngest().ifPresent(task -> {
            suppress(task.taskDefinition().getTaskRole(), "AwsSolutions-IAM5", "s3:GetObject on the objects under the one "
                    + "knowledge/<hash>/ prefix of the artifact bucket that -c knowledgeDataPrefix names; which files the data has "
                    + "(catalog/*.jsonl) is the data's business, not the stack's.",
                    "/^Resource::arn:<AWS::Partition>:s3:::mangaassist-[a-z]+-artifacts-[0-9]+\\/knowledge\\/[A-Za-z0-9._-]+\\/\\*$/");
            suppress(task.taskDefinition().getExecutionRole(), "AwsSolutions-IAM5",
                    "ecr:GetAuthorizationToken is account-level and has no resource; the image pull itself is scoped to the repository.",
                    "Resource::*");
        });
    }

    /**
     * The hosted chat page (HostedClient): its distribution and the handler that deploys its files. Its log bucket needs
     * nothing: cdk-nag counts a bucket other buckets log into as logged.
     */
    private static void client(PlatformStack stack) {
        HostedClient client = stack.client();
        IConstruct distribution = client.distribution();
        suppress(distribution, "AwsSolutions-CFR1", "The page is offered wherever the store sells; no country is excluded, so a "
                + "geo restriction would have nothing to list. The page holds no data: the chat itself requires an OIDC sign-in at the "
                + "WebSocket API's $connect.");
        suppress(distribution, "AwsSolutions-CFR2", "A CloudFront web ACL must be created in us-east-1 and this stack is regional; "
                + "the distribution serves only the page's static, public files (GET/HEAD, no query strings or cookies reach the "
                + "origin), while every chat request goes to the WebSocket API, which authorizes at $connect and is throttled at its stage.");
        suppress(distribution, "AwsSolutions-CFR4", "No custom domain is configured, so viewers get the *.cloudfront.net default "
                + "certificate, whose security policy CloudFront fixes (TLSv1) and does not let a distribution raise; browsers negotiate "
                + "TLS 1.2/1.3 with it. A custom domain with an ACM certificate (us-east-1) and TLSv1.2_2021 is the fix, when one exists.");
        IConstruct handler = client.deploymentHandler();
        suppress(handler, "AwsSolutions-IAM4", LAMBDA_MANAGED,
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
        suppress(handler, "AwsSolutions-IAM5", "CDK's BucketDeployment grants: read of the CDK asset bucket's objects it copies from "
                + "(asset keys are content hashes known only at publish time) and read/write/delete of the page bucket's objects it "
                + "syncs (every key of the page is its to replace or prune); the Get*/List*/Delete*/Abort* wildcards are CDK's grant "
                + "helpers' action groups on those two buckets only.",
                "Action::s3:GetObject*", "Action::s3:GetBucket*", "Action::s3:List*", "Action::s3:DeleteObject*", "Action::s3:Abort*",
                "/^Resource::<ClientBucket[A-Z0-9]+\\.Arn>\\/\\*$/",
                "/^Resource::arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-[0-9]+-[a-z0-9-]+\\/\\*$/");
        suppress(handler, "AwsSolutions-IAM5", "cloudfront:CreateInvalidation/GetInvalidation on *: CDK's BucketDeployment adds this "
                + "statement itself whenever it invalidates a distribution, and the role belongs only to the deployment handler, which "
                + "runs during a deploy and is given this stack's distribution id.", "Resource::*");
        suppress(handler, "AwsSolutions-L1", "CDK's bucket-deployment handler: its runtime is chosen and tested by the CDK release "
                + "with the AWS CLI layer it runs; it moves with aws-cdk-lib upgrades.");
    }

    private static final String KMS_WILDCARDS = "SageMaker's grant on the platform's data key for the volumes of EBS-only instance "
            + "types (the only resource): the wildcards name GenerateDataKey/GenerateDataKeyWithoutPlaintext and ReEncryptFrom/To, "
            + "which EBS encryption needs. The compute roles have no such wildcard (ADR 0027).";
    private static final String CONNECTIONS = "Connection ids exist only at run time; the resource is this API's live stage's "
            + "@connections path (POST/GET/DELETE), nothing wider.";
    private static final String LAMBDA_MANAGED = "AWS managed policies granting only CloudWatch Logs writes (and ENI management for "
            + "a VPC function); AWS keeps them minimal and current.";

    private static void grants(PlatformStack stack) {
        IConstruct taskRole = stack.baseline().taskDefinition().getTaskRole();
        suppress(taskRole, "AwsSolutions-IAM5", CONNECTIONS, "/^Resource::arn:.*:execute-api:.*\\/live\\/\\*\\/@connections\\/\\*$/");
        suppress(stack.baseline().taskDefinition().getExecutionRole(), "AwsSolutions-IAM5",
                "ecr:GetAuthorizationToken is account-level and has no resource; image pulls themselves are scoped to the repository.",
                "Resource::*");

        IConstruct function = stack.overflow().function();
        suppress(function, "AwsSolutions-IAM5", CONNECTIONS, "/^Resource::arn:.*:execute-api:.*\\/live\\/\\*\\/@connections\\/\\*$/");
        suppress(function, "AwsSolutions-IAM5", "X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions.",
                "Resource::*");
        suppress(function, "AwsSolutions-IAM4", LAMBDA_MANAGED,
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
        suppress(stack.edge().authorizer(), "AwsSolutions-IAM4", LAMBDA_MANAGED,
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
        stack.edge().logging().ifPresent(logging -> suppress(logging.role(), "AwsSolutions-IAM4",
                "AmazonAPIGatewayPushToCloudWatchLogs is the policy AWS documents for API Gateway's account-level CloudWatch role; "
                        + "API Gateway creates its own log groups for execution logs, so no narrower resource list exists.",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"));

        suppress(stack.network().egress(), "AwsSolutions-IAM5", "The gateway endpoints' prefix-list lookups call "
                + "ec2:DescribeManagedPrefixLists, which has no resource-level permissions; the call only reads AWS-managed list ids.",
                "Resource::*");
        // CDK's one provider function behind every AwsCustomResource of the stack (the prefix-list lookups), by its fixed id.
        suppress(stack.getNode().findChild("AWS679f53fac002430cb0da5b7982bd2287"), "AwsSolutions-IAM4", LAMBDA_MANAGED,
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");

        stack.inferenceEndpoints().forEach(NagSuppressionsForPlatform::suppressInference);
    }

    /** Each tier's endpoint has the same execution role, on its own model object and log group. */
    private static void suppressInference(com.mangaassist.infra.inference.InferenceEndpoint endpoint) {
        IConstruct sageMaker = endpoint.getNode().findChild("ExecutionRole");
        if (endpoint.volumeKmsKey()) {
            suppress(sageMaker, "AwsSolutions-IAM5", KMS_WILDCARDS, "Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*");
        }
        suppress(sageMaker, "AwsSolutions-IAM5", "CDK's read grant on the one model-data object key: Get*/List* cover GetObject, "
                + "GetObjectVersion, GetBucketLocation and ListBucket on that key only.", "Action::s3:GetObject*", "Action::s3:GetBucket*",
                "Action::s3:List*");
        suppress(sageMaker, "AwsSolutions-IAM5", "SageMaker creates one log stream per instance in this endpoint's own log group.",
                "/^Resource::arn:<AWS::Partition>:logs:.*:log-group:<(Large)?InferenceEndpointLogs[A-Z0-9]+>:log-stream:\\*$/");
        suppress(sageMaker, "AwsSolutions-IAM5", "ENI management for a VPC-attached model, ecr:GetAuthorizationToken and "
                + "cloudwatch:PutMetricData have no resource-level permissions; image pulls are scoped to the gpu-endpoint repository and "
                + "PutMetricData is limited to the /aws/sagemaker/Endpoints namespace by condition.", "Resource::*");
    }

    /** Targets starting with "/" are regular expressions (cdk-nag's RegexAppliesTo). */
    private static void suppress(IConstruct construct, String rule, String reason, String... appliesTo) {
        NagPackSuppression.Builder suppression = NagPackSuppression.builder().id(rule).reason(reason);
        if (appliesTo.length > 0) {
            List<Object> targets = new java.util.ArrayList<>();
            for (String target : appliesTo) {
                targets.add(target.startsWith("/") ? RegexAppliesTo.builder().regex(target).build() : target);
            }
            suppression.appliesTo(targets);
        }
        NagSuppressions.addResourceSuppressions(construct, List.of(suppression.build()), true);
    }

}
