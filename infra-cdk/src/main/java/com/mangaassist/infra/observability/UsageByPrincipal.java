package com.mangaassist.infra.observability;

import com.mangaassist.shared.contract.LogEvents;
import java.util.List;
import software.amazon.awscdk.services.cloudwatch.LogQueryVisualizationType;
import software.amazon.awscdk.services.cloudwatch.LogQueryWidget;
import software.amazon.awscdk.services.logs.CfnQueryDefinition;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.constructs.Construct;

/**
 * Who uses the tokens (issue 30, ADR 0046): one Logs Insights query over the turn pipeline's
 * {@link LogEvents#USAGE_CHARGED} lines, which both compute paths log once per stored answer
 * ({@code event=usage_charged principal=<sub> tokens=<n> route=<route> tier=<tier>}), summing the
 * tokens charged to each principal. Operators get it twice, from the one text: as a saved query
 * ({@code <stack>/usage-by-principal}, the top {@value #SAVED_QUERY_LIMIT}, over any time range they
 * pick) and as the dashboard's top-{@value #DASHBOARD_LIMIT} table.
 *
 * <p>The lines are read from {@code @message} by a regular expression rather than by field: the
 * orchestrator's JSON lines carry the text in {@code formattedMessage} and the overflow function's
 * (Powertools' layout) in {@code message}, and the expression finds it in either.
 */
public final class UsageByPrincipal {

    /** How many callers the saved query lists. */
    public static final int SAVED_QUERY_LIMIT = 25;
    /** How many callers the dashboard's table shows. */
    public static final int DASHBOARD_LIMIT = 10;
    /** The dashboard widget's title. */
    public static final String WIDGET_TITLE = "Top callers by tokens";
    /**
     * The principal and the tokens of one usage line, as Logs Insights' {@code parse} reads them (named groups become
     * fields). A principal is the token's {@code sub}: no spaces.
     */
    public static final String PARSE_PATTERN = "event=" + LogEvents.USAGE_CHARGED + " principal=(?<principal>\\S+) tokens=(?<tokens>\\d+)";

    private UsageByPrincipal() {
    }

    /** The query's commands, in order. */
    public static List<String> queryLines(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        return List.of(
                // The event name with the field after it, so no other event whose name begins the same is counted.
                "filter @message like /event=" + LogEvents.USAGE_CHARGED + " principal=/",
                "parse @message /" + PARSE_PATTERN + "/",
                // A name of its own for the sum: the parsed field stays 'tokens'.
                "stats sum(tokens) as tokensCharged, count(*) as answers by principal",
                "sort tokensCharged desc",
                "limit " + limit);
    }

    /** The query's text: its commands piped, one a line (as CloudWatch writes a query built from lines). */
    public static String query(int limit) {
        return String.join("\n| ", queryLines(limit));
    }

    /** The saved query's name: under the stack's name, which the Logs Insights console shows as a folder. */
    public static String savedQueryName(String prefix) {
        return prefix + "/usage-by-principal";
    }

    /** The saved query over {@code logGroups} (the groups both compute paths log to). */
    public static CfnQueryDefinition savedQuery(Construct scope, String id, String prefix, List<? extends ILogGroup> logGroups) {
        return CfnQueryDefinition.Builder.create(scope, id)
                .name(savedQueryName(prefix))
                .queryString(query(SAVED_QUERY_LIMIT))
                .logGroupNames(logGroups.stream().map(ILogGroup::getLogGroupName).toList())
                .build();
    }

    /** The dashboard's table of the heaviest callers over the dashboard's time range. */
    public static LogQueryWidget widget(List<? extends ILogGroup> logGroups) {
        return LogQueryWidget.Builder.create()
                .title(WIDGET_TITLE)
                .logGroupNames(logGroups.stream().map(ILogGroup::getLogGroupName).toList())
                .queryString(query(DASHBOARD_LIMIT))
                .view(LogQueryVisualizationType.TABLE)
                .width(24)
                .height(8)
                .build();
    }
}
