package com.mangaassist.infra.observability;

import com.mangaassist.infra.config.AlarmEmail;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Where alarms go: an SNS topic encrypted with its own key, which CloudWatch may use and publish
 * to. Without the key statement CloudWatch cannot encrypt the message and drops every
 * notification silently; without the topic statement it may not publish. The topic gets its own
 * key (not the data key) so the grant to the CloudWatch service reaches alarm messages only.
 */
public final class AlarmTopic extends Construct {

    static final String CLOUDWATCH = "cloudwatch.amazonaws.com";

    private final Topic topic;
    private final Key key;

    public AlarmTopic(Construct scope, String id, Optional<AlarmEmail> email) {
        super(scope, id);
        Stack stack = Stack.of(this);
        this.key = Key.Builder.create(this, "Key").enableKeyRotation(true).description("MangaAssist alarm notifications").build();
        // The statement AWS documents for alarms to encrypted topics; CloudWatch's KMS calls carry
        // no source condition to narrow it by, which is why this key encrypts nothing else.
        key.addToResourcePolicy(PolicyStatement.Builder.create().sid("AllowCloudWatchAlarms")
                .principals(List.of(new ServicePrincipal(CLOUDWATCH)))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*")).build());
        this.topic = Topic.Builder.create(this, "Topic").masterKey(key).enforceSsl(true).build();
        topic.addToResourcePolicy(PolicyStatement.Builder.create().sid("AllowAlarmsOfThisAccount")
                .principals(List.of(new ServicePrincipal(CLOUDWATCH)))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()),
                        "ArnLike", Map.of("aws:SourceArn", "arn:" + stack.getPartition() + ":cloudwatch:" + stack.getRegion() + ":"
                                + stack.getAccount() + ":alarm:*")))
                .build());
        email.ifPresent(address -> topic.addSubscription(new EmailSubscription(address.address())));
    }

    public Topic topic() {
        return topic;
    }

    public Key key() {
        return key;
    }
}
