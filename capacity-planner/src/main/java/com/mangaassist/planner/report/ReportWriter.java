package com.mangaassist.planner.report;

import com.mangaassist.planner.sim.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a run's report: {@code report.md} (summary, costs, decisions, every minute),
 * {@code minutes.csv} and {@code run.svg}. All files are written beside their final names and
 * moved into place only once all of them are complete, so a failed run never leaves a report
 * that looks finished.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    public static Map<String, String> render(RunResult result, String title) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("report.md", RunReport.markdown(result, title));
        files.put("minutes.csv", RunReport.csv(result));
        files.put("run.svg", RunReport.chart(result, title));
        return files;
    }

    /** Writes every file, or none. */
    public static List<Path> writeAll(Path directory, Map<String, String> files) {
        try {
            Files.createDirectories(directory);
            List<Path[]> staged = new ArrayList<>();
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path temporary = Files.createTempFile(directory, "." + file.getKey(), ".partial");
                Files.writeString(temporary, file.getValue(), StandardCharsets.UTF_8);
                staged.add(new Path[] {temporary, directory.resolve(file.getKey())});
            }
            List<Path> written = new ArrayList<>();
            for (Path[] pair : staged) {
                Files.move(pair[0], pair[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                written.add(pair[1]);
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report in " + directory, e);
        }
    }
}
