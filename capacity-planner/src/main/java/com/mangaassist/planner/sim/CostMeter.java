package com.mangaassist.planner.sim;

import com.mangaassist.planner.config.PlannerConfig.SearchDomainSettings;
import com.mangaassist.planner.config.PriceTable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accrues what the simulated deployment costs at the price table's list prices: Fargate per
 * vCPU-second and GB-second while a task exists, SageMaker per instance-second from provisioning,
 * Lambda per GB-second billed and per request, SQS per request (send, receive and delete per
 * message), API Gateway per message and per connection-minute, and the knowledge search domain
 * (OpenSearch Service) per node-hour and gp3 GB-month while the run lasts: the CDK app sizes it per
 * environment and nothing scales it with traffic.
 */
public final class CostMeter {

    private final PriceTable prices;
    private final Map<String, Double> byService = new LinkedHashMap<>();

    public CostMeter(PriceTable prices) {
        this.prices = prices;
        for (String service : new String[] {"Fargate", "SageMaker", "Lambda", "SQS", "API Gateway", "OpenSearch"}) {
            byService.put(service, 0.0);
        }
    }

    public PriceTable prices() {
        return prices;
    }

    double fargate(double taskSeconds, double vcpu, double memoryGb) {
        return add("Fargate", taskSeconds / 3600 * (vcpu * prices.fargateVcpuHour() + memoryGb * prices.fargateGbHour()));
    }

    double sagemaker(double instanceSeconds, String instanceType, String field) {
        return add("SageMaker", instanceSeconds / 3600 * prices.instanceHour(instanceType, field));
    }

    /** The domain's price per hour: every data and cluster-manager node, and each data node's gp3 volume. */
    public double searchDomainHour(SearchDomainSettings domain) {
        double nodes = domain.dataNodes() * prices.searchInstanceHour(domain.dataInstanceType(), "retrieval.domain.dataInstanceType");
        if (domain.masterNodes() > 0) {
            nodes += domain.masterNodes() * prices.searchInstanceHour(domain.masterInstanceType(), "retrieval.domain.masterInstanceType");
        }
        return nodes + domain.dataNodes() * domain.volumeGiB() * prices.openSearchGp3GbMonth() / PriceTable.HOURS_PER_MONTH;
    }

    double searchDomain(double seconds, double perHour) {
        return add("OpenSearch", seconds / 3600 * perHour);
    }

    double lambda(double billedMillis, int memoryMb, long requests) {
        return add("Lambda", billedMillis / 1000 * memoryMb / 1024.0 * prices.lambdaGbSecond() + requests / 1e6 * prices.lambdaRequestsPerMillion());
    }

    double sqs(long messages) {
        return add("SQS", messages * 3 / 1e6 * prices.sqsRequestsPerMillion());
    }

    double gateway(long messages, double connectionSeconds) {
        return add("API Gateway", messages / 1e6 * prices.apiGatewayMessagesPerMillion()
                + connectionSeconds / 60 / 1e6 * prices.apiGatewayConnectionMinutesPerMillion());
    }

    /** Forgets what accrued so far (what the pre-roll cost is not part of the run). */
    void reset() {
        byService.replaceAll((service, amount) -> 0.0);
    }

    private double add(String service, double amount) {
        byService.merge(service, amount, Double::sum);
        return amount;
    }

    public Map<String, Double> byService() {
        return Map.copyOf(byService);
    }

    public double total() {
        return byService.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
