package com.mangaassist.localaws;

import com.mangaassist.localaws.sagemaker.SimulatedGpuFleet;
import com.mangaassist.shared.contract.SettingNames;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS services a turn-pipeline service needs, wherever they run: embedded emulators
 * ({@link LocalAwsStack}) everywhere, or LocalStack in a container where Docker exists. Queue and
 * DLQ, stream and Redis are ready; tables are created by the services themselves.
 */
public interface AwsBackend extends AutoCloseable {

    /** Micronaut properties pointing a service at this backend (endpoints, names, Redis). */
    Map<String, Object> serviceProperties();

    String queueUrl();

    String dlqUrl();

    SqsClient sqs();

    @Override
    void close();

    /**
     * The turn pipeline's properties for services at these endpoints, with the stack's resource
     * names and the model tiers the local SageMaker runtime serves. The @connections endpoint is
     * the caller's (the local gateway or a recording API).
     */
    static Map<String, Object> pipelineProperties(String region, String dynamo, String sqs, String kinesis, String queueUrl, int redisPort) {
        Map<String, Object> props = new java.util.LinkedHashMap<>();
        props.put(SettingNames.AWS_REGION, region);
        props.put(SettingNames.AWS_LOCAL_CREDENTIALS, true);
        props.put(SettingNames.AWS_ENDPOINTS + ".dynamodb", dynamo);
        props.put(SettingNames.AWS_ENDPOINTS + ".sqs", sqs);
        props.put(SettingNames.AWS_ENDPOINTS + ".kinesis", kinesis);
        // The SDK's system property: JSON, not CBOR, to the Kinesis emulator. Over CBOR kinesalite stores record data as a Node
        // Buffer and hands it back to JSON clients (the AWS CLI, boto3) as {"type":"Buffer",...} instead of base64.
        props.put("aws.cborEnabled", false);
        props.put(SettingNames.CONVERSATION_TABLE, LocalAwsStack.TABLE);
        props.put(SettingNames.CREATE_TABLE, true);
        props.put(SettingNames.CHAT_EVENTS_STREAM, LocalAwsStack.STREAM);
        props.put(SettingNames.SAGEMAKER_ENDPOINT, SimulatedGpuFleet.ENDPOINTS.get(0));
        // Both tiers, as prod deploys them (ADR 0039): locally the one simulated fleet serves both names.
        props.put(SettingNames.SAGEMAKER_LARGE_ENDPOINT, SimulatedGpuFleet.ENDPOINTS.get(1));
        props.put(SettingNames.OVERFLOW_QUEUE_URL, queueUrl);
        props.put(SettingNames.REDIS_HOST, "127.0.0.1");
        props.put(SettingNames.REDIS_PORT, redisPort);
        return props;
    }
}
