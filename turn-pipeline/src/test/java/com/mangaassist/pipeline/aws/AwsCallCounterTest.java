package com.mangaassist.pipeline.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollector;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

class AwsCallCounterTest {

    @Test
    void publish_whenACallWasRetried_countsOneCallWithItsAttempts() {
        List<String> calls = new ArrayList<>();
        AwsCallCounter counter = new AwsCallCounter((service, operation, attempts) -> calls.add(service + " " + operation + " " + attempts));
        MetricCollector call = MetricCollector.create("ApiCall");
        call.reportMetric(CoreMetric.SERVICE_ID, "DynamoDB");
        call.reportMetric(CoreMetric.OPERATION_NAME, "TransactWriteItems");
        call.createChild("ApiCallAttempt");
        call.createChild("ApiCallAttempt");

        counter.publish(call.collect());

        assertThat(calls).containsExactly("DynamoDB TransactWriteItems 2");
    }

    @Test
    void addTo_whenTheBuilderHasOverrides_keepsThemAndAddsThePublisher() {
        AwsCallCounter counter = new AwsCallCounter((service, operation, attempts) -> { });
        DynamoDbClientBuilder builder = DynamoDbClient.builder().overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(6)));

        counter.addTo(builder);

        assertThat(builder.overrideConfiguration().apiCallTimeout()).contains(Duration.ofSeconds(6));
        assertThat(builder.overrideConfiguration().metricPublishers()).containsExactly(counter);
    }
}
