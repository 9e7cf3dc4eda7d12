package com.mangaassist.planner.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Small, dependency-free SVG charts: stacked line panels over a shared x axis (a run's minutes),
 * and a scatter (recommend's candidates). Infinite values (a percentile among turns never
 * answered) are drawn at the top edge as hollow markers, so they are seen, not dropped.
 */
public final class SvgChart {

    private static final int WIDTH = 960;
    private static final int LEFT = 70;
    /** An upper estimate of one character's width in the 16 px bold title. */
    private static final double TITLE_CHAR_WIDTH = 9.5;
    private static final int RIGHT = 170;
    private static final int PANEL_HEIGHT = 210;
    private static final int GAP = 56;
    private static final String[] PALETTE = {"#1f77b4", "#2ca02c", "#ff7f0e", "#d62728", "#9467bd", "#8c564b"};

    /** One line: a name and a value per x. */
    public record Series(String name, double[] values) {
    }

    /** One panel: its series, the y unit, and an optional reference line (the SLA). */
    public record Panel(String title, String unit, List<Series> series, double reference, String referenceLabel) {
    }

    /** A point of a scatter. */
    public record Point(double x, double y, String label, boolean highlighted, boolean feasible) {
    }

    private SvgChart() {
    }

    public static String panels(String title, String xLabel, List<Panel> panels) {
        int height = 64 + panels.size() * (PANEL_HEIGHT + GAP) + 20;
        StringBuilder svg = header(height, title);
        int top = 64;
        for (Panel panel : panels) {
            drawPanel(svg, panel, top, xLabel);
            top += PANEL_HEIGHT + GAP;
        }
        return svg.append("</svg>\n").toString();
    }

    /** A scatter with a dashed vertical line at {@code reference} on the x axis (the SLA's target), when it is a number. */
    public static String scatter(String title, String xLabel, String yLabel, List<Point> points, double reference, String referenceLabel) {
        int height = 48 + PANEL_HEIGHT * 2 + 60;
        StringBuilder svg = header(height, title);
        int top = 48;
        int plotHeight = PANEL_HEIGHT * 2;
        double minX = points.stream().mapToDouble(Point::x).min().orElse(0);
        double maxX = points.stream().mapToDouble(Point::x).max().orElse(1);
        double maxY = points.stream().mapToDouble(Point::y).max().orElse(1);
        if (maxX - minX < 1e-9) {
            minX -= 0.5;
            maxX += 0.5;
        }
        if (!Double.isNaN(reference)) {
            minX = Math.min(minX, reference - 0.5);
            maxX = Math.max(maxX, reference);
        }
        maxY = niceCeiling(maxY);
        axes(svg, top, plotHeight, maxY, yLabel, minX, maxX, xLabel);
        if (!Double.isNaN(reference)) {
            double rx = LEFT + (reference - minX) / (maxX - minX) * plotWidth();
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#d62728\" stroke-dasharray=\"6 4\"/>%n",
                    rx, top, rx, top + plotHeight));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#d62728\" text-anchor=\"end\">%s</text>%n",
                    rx - 4, top + 12, escape(referenceLabel)));
        }
        for (Point p : points) {
            double x = LEFT + (p.x - minX) / (maxX - minX) * plotWidth();
            double y = top + plotHeight - p.y / maxY * plotHeight;
            String color = p.highlighted ? "#d62728" : p.feasible ? "#1f77b4" : "#aaaaaa";
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"%s\"><title>%s</title></circle>%n",
                    x, y, p.highlighted ? 7 : 4, color, escape(p.label)));
            if (p.highlighted) {
                boolean right = x > LEFT + plotWidth() / 2.0;
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"%s\">%s</text>%n",
                        right ? x - 10 : x + 10, y + 22, right ? "end" : "start", escape(p.label)));
            }
        }
        legend(svg, top, List.of("chosen", "meets the SLA", "misses it"), List.of("#d62728", "#1f77b4", "#aaaaaa"));
        return svg.append("</svg>\n").toString();
    }

    private static void drawPanel(StringBuilder svg, Panel panel, int top, String xLabel) {
        int n = panel.series.isEmpty() ? 0 : panel.series.get(0).values.length;
        double max = Double.isNaN(panel.reference) ? 0 : panel.reference * 1.5;
        for (Series s : panel.series) {
            for (double v : s.values) {
                if (Double.isFinite(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        max = niceCeiling(max);
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"14\" font-weight=\"bold\">%s</text>%n", LEFT, top - 8, escape(panel.title)));
        axes(svg, top, PANEL_HEIGHT, max, panel.unit, 0, Math.max(1, n - 1), xLabel);
        if (!Double.isNaN(panel.reference)) {
            double y = top + PANEL_HEIGHT - panel.reference / max * PANEL_HEIGHT;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d62728\" stroke-dasharray=\"6 4\"/>%n",
                    LEFT, y, LEFT + plotWidth(), y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" fill=\"#d62728\">%s</text>%n",
                    LEFT + plotWidth() + 6, y + 4, escape(panel.referenceLabel)));
        }
        List<String> names = new ArrayList<>();
        List<String> colors = new ArrayList<>();
        for (int i = 0; i < panel.series.size(); i++) {
            Series s = panel.series.get(i);
            String color = PALETTE[i % PALETTE.length];
            names.add(s.name);
            colors.add(color);
            StringBuilder path = new StringBuilder();
            // A line never bridges a gap (no value, or one never answered): the next point starts a new stretch.
            boolean gap = true;
            for (int x = 0; x < s.values.length; x++) {
                double v = s.values[x];
                double px = LEFT + (n <= 1 ? 0 : (double) x / (n - 1) * plotWidth());
                if (Double.isNaN(v)) {
                    gap = true;
                    continue;
                }
                if (Double.isInfinite(v)) {
                    gap = true;
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"3\" fill=\"none\" stroke=\"%s\"><title>%s: never answered</title></circle>%n",
                            px, top, color, escape(s.name)));
                    continue;
                }
                double py = top + PANEL_HEIGHT - Math.min(v, max) / max * PANEL_HEIGHT;
                path.append(path.length() == 0 ? "M" : gap ? " M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", px, py));
                gap = false;
            }
            if (path.length() > 0) {
                svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.8\"/>\n");
            }
        }
        legend(svg, top, names, colors);
    }

    private static void axes(StringBuilder svg, int top, int height, double maxY, String yLabel, double minX, double maxX, String xLabel) {
        int bottom = top + height;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fafafa\" stroke=\"#cccccc\"/>%n",
                LEFT, top, plotWidth(), height));
        for (int i = 0; i <= 4; i++) {
            double value = maxY * i / 4;
            double y = bottom - (double) height * i / 4;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>%n", LEFT, y, LEFT + plotWidth(), y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4, number(value)));
        }
        // Whole-number ticks on a whole-number axis (minutes), six or so of them.
        double step = maxX - minX >= 6 ? Math.max(1, niceCeiling((maxX - minX) / 6)) : (maxX - minX) / 6;
        for (double value = Math.ceil(minX / step) * step; value <= maxX + 1e-9; value += step) {
            double x = LEFT + (value - minX) / (maxX - minX) * plotWidth();
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>%n", x, bottom + 14, number(value)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>%n",
                LEFT + plotWidth() / 2, bottom + 28, escape(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" font-size=\"11\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">%s</text>%n",
                top + height / 2, top + height / 2, escape(yLabel)));
    }

    private static void legend(StringBuilder svg, int top, List<String> names, List<String> colors) {
        for (int i = 0; i < names.size(); i++) {
            int y = top + 14 + i * 16;
            int x = LEFT + plotWidth() + 10;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>%n", x, y - 4, colors.get(i)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n", x + 16, y, escape(names.get(i))));
        }
    }

    private static StringBuilder header(int height, String title) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n",
                WIDTH, height, WIDTH, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        // A long title (a deployment and its traffic) is squeezed to the chart's width rather than cut off at its edge.
        int available = WIDTH - LEFT - 10;
        String fit = title.length() * TITLE_CHAR_WIDTH > available
                ? String.format(Locale.ROOT, " textLength=\"%d\" lengthAdjust=\"spacingAndGlyphs\"", available) : "";
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"16\" font-weight=\"bold\"%s>%s</text>%n", LEFT, fit, escape(title)));
        return svg;
    }

    private static int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    static double niceCeiling(double value) {
        if (!(value > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String number(double value) {
        if (Math.abs(value) >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
