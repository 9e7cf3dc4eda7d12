package com.mangaassist.infra.edge;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.CfnAccount;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The region's API Gateway CloudWatch Logs role. API Gateway refuses a stage with access logging
 * until the account's settings name a role it can push logs with, and a fresh account names none.
 * The setting is one per account and region ({@code AWS::ApiGateway::Account}), so both resources
 * are retained: deleting this stack must not leave every API of the region unable to log.
 */
public final class ApiGatewayLogging extends Construct {

    private final Role role;
    private final CfnAccount account;

    public ApiGatewayLogging(Construct scope, String id) {
        super(scope, id);
        this.role = Role.Builder.create(this, "CloudWatchRole").assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
                .description("API Gateway pushes this region's API logs to CloudWatch Logs with this role")
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("service-role/AmazonAPIGatewayPushToCloudWatchLogs")))
                .build();
        role.applyRemovalPolicy(RemovalPolicy.RETAIN);
        this.account = CfnAccount.Builder.create(this, "Account").cloudWatchRoleArn(role.getRoleArn()).build();
        account.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }

    public Role role() {
        return role;
    }

    public CfnAccount account() {
        return account;
    }
}
