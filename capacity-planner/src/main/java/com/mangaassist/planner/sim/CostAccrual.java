package com.mangaassist.planner.sim;

import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.config.PriceTable;

/**
 * What the simulated deployment's parts bill, one second at a time, priced by a {@link CostMeter}.
 * The meter knows prices; this knows which parts exist and how each reports its usage: Fargate and
 * SageMaker as what is billed now, the overflow function and SQS as running totals (billed here by
 * their growth since the last second), API Gateway as messages since the last second, the
 * knowledge search domain as a flat hourly price.
 */
final class CostAccrual {

    private final CostMeter costs;
    private final FargateService fargate;
    private final GpuFleet small;
    /** {@code null} when the deployment has no large tier. */
    private final GpuFleet large;
    private final OverflowPath overflow;
    private final int lambdaMemoryMb;
    private final ApiGateway gateway;
    /** Whether the run has a knowledge search domain to bill (retrieval on). */
    private final boolean searchDomain;
    private final double searchDomainHour;
    private long lastLambdaInvocations;
    private double lastLambdaBilled;
    private long lastSqsMessages;

    /** Prices everything the run can bill before it starts, so a price table that lacks one refuses the run at once. */
    CostAccrual(CostMeter costs, PlannerConfig config, FargateService fargate, GpuFleet small, GpuFleet large, OverflowPath overflow,
            ApiGateway gateway) {
        this.costs = costs;
        this.fargate = fargate;
        this.small = small;
        this.large = large;
        this.overflow = overflow;
        this.lambdaMemoryMb = config.overflow().memoryMb();
        this.gateway = gateway;
        this.searchDomain = config.retrieval().enabled();
        this.searchDomainHour = searchDomain ? costs.searchDomainHour(config.retrieval().domain()) : 0;
        PriceTable prices = costs.prices();
        prices.instanceHour(config.gpu().small().instanceType(), "gpu.small.instanceType");
        if (large != null) {
            prices.instanceHour(config.gpu().large().instanceType(), "gpu.large.instanceType");
        }
    }

    /** Bills one second of the deployment as it stands now; returns what that second cost. */
    double accrueSecond() {
        PlannerConfig.FargateSettings f = fargate.settings();
        double cost = costs.fargate(fargate.billed(), f.vcpu(), f.memoryGb());
        cost += costs.sagemaker(small.billed(), small.settings().instanceType(), "gpu.small.instanceType");
        if (large != null) {
            cost += costs.sagemaker(large.billed(), large.settings().instanceType(), "gpu.large.instanceType");
        }
        cost += costs.lambda(overflow.billedMillis - lastLambdaBilled, lambdaMemoryMb, overflow.invocations - lastLambdaInvocations);
        lastLambdaBilled = overflow.billedMillis;
        lastLambdaInvocations = overflow.invocations;
        cost += costs.sqs(overflow.messages - lastSqsMessages);
        lastSqsMessages = overflow.messages;
        cost += costs.gateway(gateway.takeMessages(), 0);
        if (searchDomain) {
            // One second of the knowledge search domain: flat, whatever the traffic.
            cost += costs.searchDomain(1, searchDomainHour);
        }
        return cost;
    }
}
