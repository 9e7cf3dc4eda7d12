package com.mangaassist.infra;

import static com.mangaassist.infra.ContextOverridesTest.logicalId;
import static com.mangaassist.infra.PlatformStackTest.actions;
import static com.mangaassist.infra.PlatformStackTest.resources;
import static com.mangaassist.infra.PlatformStackTest.statementsOfRoleMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.contract.OrdersTable;
import com.mangaassist.shared.contract.SettingNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The orders table order questions are answered from (issue 26): keyed by shared's
 * {@link OrdersTable} names, encrypted with the platform key, recoverable, kept in prod; both
 * compute paths may Query it and do nothing else, nobody in the stack may write it (the store's
 * order system does, from outside), and both are told its name.
 */
class OrdersTableTest {

    private static final String TABLE = "AWS::DynamoDB::Table";
    private static final List<String> COMPUTE_ROLES = List.of("BaselineTaskTaskRole", "OverflowFunctionServiceRole");

    private final Template dev = SynthesizedPlatform.of("dev").template();
    private final String orders = logicalId(dev, TABLE, "DataOrders");

    @Test
    void table_whenSynthesized_isKeyedByPrincipalAndOrderKeyAsStrings() {
        dev.hasResourceProperties(TABLE, Map.of(
                "KeySchema", List.of(Map.of("AttributeName", OrdersTable.PK, "KeyType", "HASH"),
                        Map.of("AttributeName", OrdersTable.SK, "KeyType", "RANGE")),
                "AttributeDefinitions", List.of(Map.of("AttributeName", OrdersTable.PK, "AttributeType", "S"),
                        Map.of("AttributeName", OrdersTable.SK, "AttributeType", "S")),
                "BillingMode", "PAY_PER_REQUEST"));
        assertThat(KnowledgeSearchTest.properties(dev, TABLE, "DataOrders")).as("orders do not expire with chats")
                .doesNotContainKeys("TimeToLiveSpecification", "GlobalSecondaryIndexes");
    }

    @Test
    void table_whenSynthesized_isEncryptedWithTheDataKeyAndRecoverableToAPointInTime() {
        String key = logicalId(dev, "AWS::KMS::Key", "DataDataKey");

        assertThat(KnowledgeSearchTest.properties(dev, TABLE, "DataOrders"))
                .containsEntry("SSESpecification", Map.of("SSEEnabled", true, "SSEType", "KMS",
                        "KMSMasterKeyId", Map.of("Fn::GetAtt", List.of(key, "Arn"))))
                .containsEntry("PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true));
    }

    @Test
    void table_whenDev_isDeletedWithTheStack() {
        dev.hasResource(TABLE, Map.of("Properties", Match.objectLike(Map.of("KeySchema", Match.arrayWith(List.of(
                Map.of("AttributeName", OrdersTable.PK, "KeyType", "HASH"))), "DeletionProtectionEnabled", false)),
                "DeletionPolicy", "Delete"));
    }

    @Test
    void table_whenProd_outlivesTheStackAndRefusesDeletion() {
        Template prod = SynthesizedPlatform.of("prod").template();

        prod.hasResource(TABLE, Map.of("Properties", Match.objectLike(Map.of("KeySchema", Match.arrayWith(List.of(
                Map.of("AttributeName", OrdersTable.PK, "KeyType", "HASH"))), "DeletionProtectionEnabled", true)),
                "DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
    }

    @Test
    void computeRoles_whenSynthesized_mayOnlyQueryTheOrdersTable() {
        for (String role : COMPUTE_ROLES) {
            List<Map<String, Object>> onOrders = statementsOfRoleMatching(dev, role).stream()
                    .filter(statement -> statement.get("Resource").toString().contains(orders)).toList();

            assertThat(onOrders).as(role).singleElement().satisfies(statement -> {
                assertThat(actions(statement)).containsExactly("dynamodb:Query");
                assertThat(statement.get("Resource")).as("the table itself, no index").isEqualTo(Map.of("Fn::GetAtt", List.of(orders, "Arn")));
                assertThat(statement).doesNotContainKey("Condition");
            });
        }
    }

    @Test
    void noRole_whenSynthesized_mayScanReadItemsOrWriteTheOrdersTable() {
        List<String> onOrders = allStatements().stream()
                .filter(statement -> statement.get("Resource").toString().contains(orders))
                .flatMap(statement -> actions(statement).stream()).distinct().toList();

        assertThat(onOrders).containsExactly("dynamodb:Query");
        assertThat(allStatements()).as("no DynamoDB action on every table").filteredOn(statement -> resources(statement).contains("*"))
                .allSatisfy(statement -> assertThat(actions(statement)).noneMatch(action -> action.startsWith("dynamodb:")));
    }

    @Test
    void computePaths_whenSynthesized_areToldTheOrdersTable() {
        String variable = SettingNames.environmentVariable(SettingNames.ORDERS_TABLE);
        Map<String, Object> tableName = Map.of("Ref", orders);

        assertThat(variable).isEqualTo("PIPELINE_ORDERS_TABLE");
        dev.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(Match.objectLike(Map.of(
                "Name", "orchestrator", "Environment", Match.arrayWith(List.of(Map.of("Name", variable, "Value", tableName))))))));
        dev.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", Match.stringLikeRegexp(".*OverflowHandler.*"),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(variable, tableName)))));
    }

    @Test
    void tableName_whenSynthesized_isAStackOutputForTheOrderSystem() {
        dev.hasOutput("OrdersTable", Match.objectLike(Map.of("Value", Map.of("Ref", orders))));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> allStatements() {
        return dev.findResources("AWS::IAM::Policy").values().stream()
                .map(policy -> (Map<String, Object>) ((Map<String, Object>) policy.get("Properties")).get("PolicyDocument"))
                .flatMap(document -> ((List<Map<String, Object>>) document.get("Statement")).stream())
                .toList();
    }
}
