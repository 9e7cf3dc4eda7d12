package com.mangaassist.infra.data;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import com.mangaassist.shared.contract.ConversationTable;
import com.mangaassist.shared.contract.OrdersTable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.elasticache.CfnReplicationGroup;
import software.amazon.awscdk.services.elasticache.CfnSubnetGroup;
import software.amazon.awscdk.services.kinesis.Stream;
import software.amazon.awscdk.services.kinesis.StreamEncryption;
import software.amazon.awscdk.services.kinesis.StreamMode;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The stateful half: the conversation table (one item per message; DynamoDB is the source of truth,
 * its attempts fence both compute paths), the orders table (what order questions are answered
 * from), Redis/Valkey as the shared L2 cache, and the chat-events stream. Everything is encrypted
 * with the platform's customer-managed key; in prod the data outlives a stack deletion.
 */
public final class DataStores extends Construct {

    /** Port chosen off Redis's default so scans for open 6379s find nothing (cdk-nag AwsSolutions-AEC5). */
    public static final int REDIS_PORT = 6380;

    private final Key key;
    private final Table conversations;
    private final Table orders;
    private final Stream chatEvents;
    private final SecurityGroup redisClients;
    private final CfnReplicationGroup redis;
    private final Secret redisAuth;

    public DataStores(Construct scope, String id, Vpc vpc, software.amazon.awscdk.services.ec2.SubnetSelection dataSubnets,
                      boolean retain, String redisNodeType, int redisReplicas) {
        super(scope, id);
        RemovalPolicy removal = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
        this.key = Key.Builder.create(this, "DataKey").enableKeyRotation(true).description("MangaAssist data at rest")
                .removalPolicy(removal).build();

        // pk = the conversation under its principal; sk = "meta" (message count, version), "msg#<index>" (one item per message:
        // question, attempt and lease, answer or failure), "m#<messageId>" (which index a message id was accepted as). The sparse
        // index lists pending messages by lease end, for recovery. See shared's ConversationTable and ADR 0019.
        this.conversations = Table.Builder.create(this, "Conversations")
                .partitionKey(Attribute.builder().name(ConversationTable.PK).type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name(ConversationTable.SK).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(ConversationTable.TTL)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
                .encryption(TableEncryption.CUSTOMER_MANAGED).encryptionKey(key)
                .deletionProtection(retain)
                .removalPolicy(removal)
                .build();
        conversations.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder().indexName(ConversationTable.PENDING_INDEX)
                .partitionKey(Attribute.builder().name(ConversationTable.PENDING_SHARD).type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name(ConversationTable.LEASE_UNTIL).type(AttributeType.NUMBER).build())
                .projectionType(ProjectionType.KEYS_ONLY).build());

        this.orders = ordersTable(removal, retain);

        this.chatEvents = Stream.Builder.create(this, "ChatEvents")
                .streamMode(StreamMode.ON_DEMAND)
                .encryption(StreamEncryption.KMS).encryptionKey(key)
                .retentionPeriod(Duration.hours(24))
                .removalPolicy(removal)
                .build();

        this.redisAuth = Secret.Builder.create(this, "RedisAuthToken")
                .description("AUTH token of the MangaAssist L2 cache")
                .encryptionKey(key)
                .generateSecretString(SecretStringGenerator.builder().excludePunctuation(true).passwordLength(64).build())
                .build();
        this.redisClients = SecurityGroup.Builder.create(this, "RedisClients").vpc(vpc)
                .description("Members may reach the L2 cache").allowAllOutbound(false).build();
        SecurityGroup redisSg = SecurityGroup.Builder.create(this, "RedisSecurityGroup").vpc(vpc)
                .description("L2 cache: reachable from cache clients only").allowAllOutbound(false).build();
        redisSg.addIngressRule(redisClients, Port.tcp(REDIS_PORT), "cache clients");
        redisClients.addEgressRule(redisSg, Port.tcp(REDIS_PORT), "to the L2 cache");
        CfnSubnetGroup subnets = CfnSubnetGroup.Builder.create(this, "RedisSubnets").description("MangaAssist L2 cache")
                .subnetIds(vpc.selectSubnets(dataSubnets).getSubnetIds()).build();
        boolean multiAz = redisReplicas >= 1;
        this.redis = CfnReplicationGroup.Builder.create(this, "Redis")
                .replicationGroupDescription("MangaAssist L2 cache")
                .engine("valkey").engineVersion("7.2")
                .cacheNodeType(redisNodeType)
                .numCacheClusters(1 + redisReplicas)
                .automaticFailoverEnabled(multiAz).multiAzEnabled(multiAz)
                .port(REDIS_PORT)
                .transitEncryptionEnabled(true)
                .atRestEncryptionEnabled(true).kmsKeyId(key.getKeyId())
                .authToken(SecretValue.secretsManager(redisAuth.getSecretArn()).unsafeUnwrap())
                .cacheSubnetGroupName(subnets.getRef())
                .securityGroupIds(List.of(redisSg.getSecurityGroupId()))
                .build();
        redis.applyRemovalPolicy(removal);
    }

    /**
     * pk = the customer's principal, sk = {@code <placedAt>#<orderId>} (shared's {@link OrdersTable};
     * turn-pipeline's {@code OrdersTableSchema} owns the item layout). No TTL: an order does not
     * expire because a chat does. The store's own order system writes it in AWS, outside this stack,
     * which therefore grants no one a write (the stack output {@code OrdersTable} names it).
     */
    private Table ordersTable(RemovalPolicy removal, boolean retain) {
        return Table.Builder.create(this, "Orders")
                .partitionKey(Attribute.builder().name(OrdersTable.PK).type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name(OrdersTable.SK).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
                .encryption(TableEncryption.CUSTOMER_MANAGED).encryptionKey(key)
                .deletionProtection(retain)
                .removalPolicy(removal)
                .build();
    }

    public Key key() {
        return key;
    }

    public Table conversations() {
        return conversations;
    }

    /** Customers' orders, one partition per principal: the turn reads it, it never writes it. */
    public Table orders() {
        return orders;
    }

    public Stream chatEvents() {
        return chatEvents;
    }

    /** Join this group to reach Redis. */
    public SecurityGroup redisClients() {
        return redisClients;
    }

    public String redisHost() {
        return redis.getAttrPrimaryEndPointAddress();
    }

    public Secret redisAuth() {
        return redisAuth;
    }
}
