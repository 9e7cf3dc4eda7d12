package com.mangaassist.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * CloudWatch Logs ARNs in the platform's IAM policies name log groups and streams that can exist.
 * Tokens are rendered as CloudFormation resolves them: a log group's {@code Arn} attribute is
 * {@code arn:aws:logs:<region>:<account>:log-group:<name>:*} (with the trailing {@code :*}), which is
 * why appending {@code :log-stream:*} to it names nothing.
 */
class LogsResourceArnsTest {

    private static final Template PLATFORM = SynthesizedPlatform.of("dev").template();
    private static final String GROUP = "arn:aws:logs:" + SynthesizedPlatform.REGION + ":" + SynthesizedPlatform.ACCOUNT + ":log-group:";
    /** A group (optionally with CloudFormation's {@code :*}), or streams of one group. */
    private static final Pattern WELL_FORMED = Pattern.compile(Pattern.quote(GROUP) + "[^:*]+(:\\*|:log-stream:[^:]+)?");

    @Test
    void iamPolicies_whenSynthesized_nameOnlyLogGroupsAndStreamsThatCanExist() {
        List<String> logsArns = new ArrayList<>();
        PLATFORM.findResources("AWS::IAM::Policy").values().forEach(policy -> statements(policy).forEach(statement ->
                resources(statement).stream().map(LogsResourceArnsTest::render).filter(arn -> arn.startsWith("arn:aws:logs:")).forEach(logsArns::add)));

        assertThat(logsArns).isNotEmpty().allSatisfy(arn -> assertThat(arn).matches(WELL_FORMED));
    }

    @Test
    void gpuEndpointExecutionRole_whenSynthesized_mayWriteToTheEndpointsLogStreams() {
        String streams = GROUP + "/aws/sagemaker/Endpoints/mangaassist-dev-chat:log-stream:*";
        List<String> putLogEventsResources = new ArrayList<>();
        PLATFORM.findResources("AWS::IAM::Policy").values().forEach(policy -> statements(policy).stream()
                .filter(statement -> String.valueOf(statement.get("Action")).contains("logs:PutLogEvents"))
                .forEach(statement -> resources(statement).stream().map(LogsResourceArnsTest::render).forEach(putLogEventsResources::add)));

        assertThat(putLogEventsResources).contains(streams);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Map<String, Object> policy) {
        Map<String, Object> document = (Map<String, Object>) ((Map<String, Object>) policy.get("Properties")).get("PolicyDocument");
        return (List<Map<String, Object>>) document.get("Statement");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> resources(Map<String, Object> statement) {
        Object resource = statement.get("Resource");
        return resource instanceof List<?> list ? (List<Object>) list : resource == null ? List.of() : List.of(resource);
    }

    /** A resource as CloudFormation would resolve it in this stack; what cannot be resolved here stays a placeholder. */
    @SuppressWarnings("unchecked")
    private static String render(Object value) {
        if (value instanceof String text) {
            return text;
        }
        Map<String, Object> intrinsic = (Map<String, Object>) value;
        if (intrinsic.containsKey("Fn::Join")) {
            List<Object> join = (List<Object>) intrinsic.get("Fn::Join");
            StringBuilder joined = new StringBuilder();
            List<Object> parts = (List<Object>) join.get(1);
            for (int i = 0; i < parts.size(); i++) {
                joined.append(i == 0 ? "" : (String) join.get(0)).append(render(parts.get(i)));
            }
            return joined.toString();
        }
        if (intrinsic.containsKey("Ref")) {
            String ref = (String) intrinsic.get("Ref");
            return switch (ref) {
                case "AWS::Partition" -> "aws";
                case "AWS::Region" -> SynthesizedPlatform.REGION;
                case "AWS::AccountId" -> SynthesizedPlatform.ACCOUNT;
                default -> logGroupName(ref);
            };
        }
        if (intrinsic.containsKey("Fn::GetAtt")) {
            List<Object> getAtt = (List<Object>) intrinsic.get("Fn::GetAtt");
            if (getAtt.get(1).equals("Arn") && isLogGroup((String) getAtt.get(0))) {
                return GROUP + logGroupName((String) getAtt.get(0)) + ":*";
            }
            return "<" + getAtt.get(0) + "." + getAtt.get(1) + ">";
        }
        return "<" + intrinsic + ">";
    }

    private static boolean isLogGroup(String logicalId) {
        return PLATFORM.findResources("AWS::Logs::LogGroup").containsKey(logicalId);
    }

    /** A log group's name (its Ref), as given or, when CloudFormation generates it, a stand-in without colons. */
    @SuppressWarnings("unchecked")
    private static String logGroupName(String logicalId) {
        Map<String, Object> group = PLATFORM.findResources("AWS::Logs::LogGroup").get(logicalId);
        if (group == null) {
            return "<" + logicalId + ">";
        }
        Object name = ((Map<String, Object>) group.getOrDefault("Properties", Map.of())).get("LogGroupName");
        return name instanceof String text ? text : "generated-" + logicalId;
    }
}
