package com.mangaassist.infra;

import static com.mangaassist.infra.ContextOverridesTest.logicalId;
import static com.mangaassist.infra.KnowledgeAccessPolicyTest.render;
import static com.mangaassist.infra.KnowledgeSearchTest.castMap;
import static com.mangaassist.infra.KnowledgeSearchTest.ingressOf;
import static com.mangaassist.infra.KnowledgeSearchTest.properties;
import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.infra.knowledge.KnowledgeIngestTask;
import com.mangaassist.localaws.docker.DockerfileModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The knowledge ingestion path (ADR 0029): with {@code -c knowledgeDataPrefix} a Fargate task
 * definition that runs {@code knowledge ingest --data s3://<that prefix> --sigv4} against the
 * domain from the release's orchestrator image, whose role reads only that prefix and whose group
 * reaches only the domain, S3 and the interface endpoints; without the key, no task at all.
 */
class KnowledgeIngestTaskTest {

    private static final String BUCKET = "mangaassist-dev-artifacts-" + SynthesizedPlatform.ACCOUNT;
    /** The fixture's prefix with the slash the app adds. */
    private static final String PREFIX = SynthesizedPlatform.KNOWLEDGE_DATA_PREFIX + "/";
    private static final String FAMILY = "mangaassist-dev-knowledge-ingest";

    private final Template preset = SynthesizedPlatform.of("dev").template();
    private final Template withIngest = SynthesizedPlatform.withKnowledgeData("dev").template();

    @Test
    void task_whenNoKnowledgeDataPrefix_isNotCreated() {
        preset.resourcePropertiesCountIs("AWS::ECS::TaskDefinition", Map.of("Family", FAMILY), 0);
        assertThat(preset.findOutputs("KnowledgeIngest*")).isEmpty();
        assertThat(preset.findResources("AWS::EC2::SecurityGroup").keySet()).noneMatch(id -> id.startsWith("KnowledgeIngest"));
    }

    @Test
    void task_whenKnowledgeDataPrefixGiven_runsTheCliOnThatPrefixIntoTheDomainWithoutAShell() {
        Map<String, Object> container = container();
        String endpoint = "<{Fn::GetAtt=[" + logicalId(withIngest, "AWS::OpenSearchService::Domain", "KnowledgeDomain") + ", DomainEndpoint]}>";

        assertThat(container.get("EntryPoint")).isEqualTo(List.of("/opt/java/bin/java", "-XX:MaxRAMPercentage=70", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseG1GC",
                "-cp", "/opt/orchestrator/lib/*", "com.mangaassist.knowledge.cli.KnowledgeCli"));
        assertThat(((List<?>) container.get("Command")).stream().map(KnowledgeAccessPolicyTest::render)).containsExactly(
                "ingest", "--endpoint", "https://" + endpoint, "--data", "s3://" + BUCKET + "/" + PREFIX, "--replicas", "0",
                "--region", SynthesizedPlatform.REGION, "--sigv4");
        assertThat(container).doesNotContainKeys("Environment", "Secrets");
        withIngest.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("Family", FAMILY, "Cpu", "2048", "Memory", "4096",
                "RequiresCompatibilities", List.of("FARGATE"), "NetworkMode", "awsvpc"));
    }

    @Test
    void task_whenKnowledgeDataPrefixGiven_runsTheReleasesOrchestratorImage() {
        // The image holds the knowledge module (turn-pipeline's dependency), the SDK's S3 client and Java: no ingestion image (ADR 0029).
        assertThat(container().get("Image").toString()).contains("mangaassist-dev-orchestrator@" + SynthesizedPlatform.ORCHESTRATOR_DIGEST);
    }

    /** The entry point names paths inside another module's image: the orchestrator's Dockerfile must still lay them out so. */
    @Test
    void entryPoint_namesTheJavaAndClassPathTheOrchestratorImageHas() throws IOException {
        DockerfileModel dockerfile = DockerfileModel.read(Path.of("../fargate-orchestrator/Dockerfile"));

        assertThat(dockerfile.last().all("ENTRYPOINT")).singleElement().satisfies(e -> assertThat(e.arguments())
                .startsWith("[\"" + KnowledgeIngestTask.JAVA + "\"").contains("\"-cp\", \"" + KnowledgeIngestTask.CLASS_PATH + "\""));
        assertThat(dockerfile.stages().get(0).all("COPY")).extracting(DockerfileModel.Instruction::arguments)
                .contains("fargate-orchestrator/target/lib/ /rootfs" + KnowledgeIngestTask.CLASS_PATH.replace("*", ""));
    }

    @Test
    void taskRole_whenKnowledgeDataPrefixGiven_mayListAndReadThatPrefixOnly() {
        List<Map<String, Object>> statements = PlatformStackTest.statementsOfRoleMatching(withIngest, "KnowledgeIngestTaskTaskRole");

        assertThat(statements).extracting(s -> PlatformStackTest.actions(s) + " " + render(s.get("Resource")) + " " + s.get("Condition"))
                .containsExactlyInAnyOrder(
                        "[s3:ListBucket] arn:aws:s3:::" + BUCKET + " {StringLike={s3:prefix=[" + PREFIX + ", " + PREFIX + "*]}}",
                        "[s3:GetObject] arn:aws:s3:::" + BUCKET + "/" + PREFIX + "* null");
    }

    @Test
    void securityGroup_whenKnowledgeDataPrefixGiven_leavesOnlyForTheDomainS3AndTheEndpoints() {
        String s3 = "pl:" + Map.of("Fn::GetAtt", List.of(logicalId(withIngest, "Custom::AWS", "NetworkEgressS3PrefixList"), "PrefixLists.0.PrefixListId"));

        assertThat(EgressRulesTest.egressOf(withIngest, "KnowledgeIngestSecurityGroup")).containsExactlyInAnyOrder(
                "tcp 443-443 sg:" + logicalId(withIngest, "AWS::EC2::SecurityGroup", "NetworkInterfaceEndpoints"),
                "tcp 443-443 " + s3,
                "tcp 443-443 sg:" + logicalId(withIngest, "AWS::EC2::SecurityGroup", "KnowledgeSecurityGroup"));
        assertThat(ingressOf(withIngest, "KnowledgeSecurityGroup"))
                .contains("tcp 443-443 sg:" + logicalId(withIngest, "AWS::EC2::SecurityGroup", "KnowledgeIngestSecurityGroup"));
        assertThat(ingressOf(withIngest, "KnowledgeIngestSecurityGroup")).isEmpty();
    }

    @Test
    void outputs_whenKnowledgeDataPrefixGiven_nameWhatRunTaskNeeds() {
        withIngest.hasOutput("KnowledgeIngestTaskDefinition", Map.of("Value", Map.of("Ref",
                logicalId(withIngest, "AWS::ECS::TaskDefinition", "KnowledgeIngestTask"))));
        withIngest.hasOutput("KnowledgeIngestCluster", Map.of("Value", Map.of("Ref", logicalId(withIngest, "AWS::ECS::Cluster", "BaselineCluster"))));
        withIngest.hasOutput("KnowledgeIngestSecurityGroup", Map.of("Value", Map.of("Fn::GetAtt",
                List.of(logicalId(withIngest, "AWS::EC2::SecurityGroup", "KnowledgeIngestSecurityGroup"), "GroupId"))));
        // The private subnets (with egress to the endpoints and S3), one per zone.
        withIngest.hasOutput("KnowledgeIngestSubnets", Map.of("Value", Map.of("Fn::Join", List.of(",", List.of(
                Map.of("Ref", logicalId(withIngest, "AWS::EC2::Subnet", "NetworkVpcprivateSubnet1")),
                Map.of("Ref", logicalId(withIngest, "AWS::EC2::Subnet", "NetworkVpcprivateSubnet2")))))));
    }

    @Test
    void logs_whenKnowledgeDataPrefixGiven_goToTheTasksOwnGroupWithRetention() {
        Map<String, Object> logging = castMap(container().get("LogConfiguration"));
        assertThat(logging).containsEntry("LogDriver", "awslogs");
        assertThat(castMap(logging.get("Options")).get("awslogs-group"))
                .isEqualTo(Map.of("Ref", logicalId(withIngest, "AWS::Logs::LogGroup", "KnowledgeIngestLogs")));
        assertThat(properties(withIngest, "AWS::Logs::LogGroup", "KnowledgeIngestLogs")).containsEntry("RetentionInDays", 30);
        withIngest.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("Family", FAMILY, "ContainerDefinitions",
                List.of(Match.objectLike(Map.of("Name", "ingest")))));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> container() {
        Map<String, Object> task = properties(withIngest, "AWS::ECS::TaskDefinition", "KnowledgeIngestTask");
        assertThat(task).containsEntry("Family", FAMILY);
        return ((List<Map<String, Object>>) task.get("ContainerDefinitions")).get(0);
    }
}
