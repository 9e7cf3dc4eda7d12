package com.mangaassist.planner.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the simulated deployment costs, as an input: prices change, so a table without the date it
 * was read is refused, and every cost the planner prints carries that date. OpenSearch Service is
 * priced per node-hour by instance type and per GB-month of gp3 volume (prorated over 730 hours, as
 * AWS prorates monthly storage).
 */
public record PriceTable(LocalDate date, String region, String currency, double fargateVcpuHour, double fargateGbHour,
                         double lambdaGbSecond, double lambdaRequestsPerMillion, double sqsRequestsPerMillion,
                         double apiGatewayMessagesPerMillion, double apiGatewayConnectionMinutesPerMillion,
                         Map<String, Double> sagemakerInstanceHour, Map<String, Double> openSearchInstanceHour,
                         double openSearchGp3GbMonth) {

    /** Hours in AWS's billing month, to prorate a per-GB-month price. */
    public static final double HOURS_PER_MONTH = 730;

    static final String DEFAULT_RESOURCE = "/com/mangaassist/planner/default-prices.json";
    private static final Set<String> FIELDS = Set.of("date", "region", "currency", "note", "fargateVcpuHour", "fargateGbHour",
            "lambdaGbSecond", "lambdaRequestsPerMillion", "sqsRequestsPerMillion", "apiGatewayMessagesPerMillion",
            "apiGatewayConnectionMinutesPerMillion", "sagemakerInstanceHour", "openSearchInstanceHour", "openSearchGp3GbMonth");

    public PriceTable {
        sagemakerInstanceHour = Map.copyOf(sagemakerInstanceHour);
        openSearchInstanceHour = Map.copyOf(openSearchInstanceHour);
    }

    /** The hourly price of an OpenSearch Service node; refused when the table does not list its type. */
    public double searchInstanceHour(String instanceType, String configField) {
        Double price = openSearchInstanceHour.get(instanceType);
        if (price == null) {
            throw new PlannerInputException("the price table of " + date + " has no price for " + instanceType + " (named by " + configField
                    + "); add it under openSearchInstanceHour.");
        }
        return price;
    }

    /** The hourly price of a SageMaker instance type; refused when the table does not list it. */
    public double instanceHour(String instanceType, String configField) {
        Double price = sagemakerInstanceHour.get(instanceType);
        if (price == null) {
            throw new PlannerInputException("the price table of " + date + " has no price for " + instanceType + " (named by " + configField
                    + "); add it under sagemakerInstanceHour.");
        }
        return price;
    }

    public static PriceTable defaults() {
        return parse("default-prices.json", JsonFiles.resource(DEFAULT_RESOURCE));
    }

    public static String defaultsJson() {
        return new String(JsonFiles.resource(DEFAULT_RESOURCE), java.nio.charset.StandardCharsets.UTF_8);
    }

    public static PriceTable load(Path file) {
        return parse(file.toString(), JsonFiles.file(file));
    }

    public static PriceTable parse(String file, byte[] json) {
        JsonNode tree;
        try {
            tree = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new PlannerInputException(file + ": is not JSON (" + e.getMessage() + ").", e);
        }
        ConfigNode n = ConfigNode.root(file, tree);
        n.rejectUnknown(FIELDS);
        LocalDate date;
        String text = n.text("date");
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw n.refuse("date", "must be the day the prices were read, as YYYY-MM-DD, got '" + text + "'");
        }
        return new PriceTable(date, n.text("region"), n.text("currency"), n.number("fargateVcpuHour", 0, 100), n.number("fargateGbHour", 0, 100),
                n.number("lambdaGbSecond", 0, 1), n.number("lambdaRequestsPerMillion", 0, 1000), n.number("sqsRequestsPerMillion", 0, 1000),
                n.number("apiGatewayMessagesPerMillion", 0, 1000), n.number("apiGatewayConnectionMinutesPerMillion", 0, 1000),
                hourly(n.object("sagemakerInstanceHour")), hourly(n.object("openSearchInstanceHour")), n.number("openSearchGp3GbMonth", 0, 100));
    }

    private static Map<String, Double> hourly(ConfigNode byType) {
        Map<String, Double> instances = new TreeMap<>();
        for (Iterator<String> it = byType.leafNames().iterator(); it.hasNext(); ) {
            String type = it.next();
            instances.put(type, byType.number(type, 0, 10_000));
        }
        return instances;
    }
}
