package com.mangaassist.planner.recommend;

/**
 * What a deployment must achieve on the trace: at least {@code attainment} of offered turns with a
 * first token within {@code ttftMillis} (turns never answered miss it), no request meeting a cold
 * GPU instance, and no turn left unfinished.
 */
public record Sla(int ttftMillis, double attainment) {

    public Sla {
        if (ttftMillis < 1) {
            throw new IllegalArgumentException("the TTFT objective must be positive");
        }
        if (!(attainment > 0 && attainment <= 1)) {
            throw new IllegalArgumentException("the attainment must be within (0, 1], e.g. 0.99");
        }
    }
}
