package com.mangaassist.localaws.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile read as instructions (continuation lines joined, comments dropped, as Docker drops
 * them even inside a continued instruction), grouped by stage: enough to check invariants before
 * an image is built.
 *
 * @param syntaxDirective whether the file starts with a {@code # syntax=} parser directive
 */
public record DockerfileModel(List<Instruction> preamble, List<Stage> stages, boolean syntaxDirective) {

    public record Instruction(String keyword, String arguments) {
    }

    public record Stage(String base, String name, List<Instruction> instructions) {

        public List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }
    }

    public static DockerfileModel read(Path file) throws IOException {
        List<Instruction> preamble = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        List<String> lines = Files.readAllLines(file);
        boolean syntax = !lines.isEmpty() && lines.get(0).strip().replace(" ", "").toLowerCase(Locale.ROOT).startsWith("#syntax=");
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("#") || (pending.length() == 0 && line.isEmpty())) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            String text = pending.toString().strip();
            pending.setLength(0);
            int space = text.indexOf(' ');
            String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
            String arguments = space < 0 ? "" : text.substring(space + 1).strip();
            if (keyword.equals("FROM")) {
                String[] parts = arguments.split("\\s+");
                String name = parts.length >= 3 && parts[1].equalsIgnoreCase("AS") ? parts[2] : null;
                stages.add(new Stage(parts[0], name, new ArrayList<>()));
            } else if (stages.isEmpty()) {
                preamble.add(new Instruction(keyword, arguments));
            } else {
                stages.get(stages.size() - 1).instructions().add(new Instruction(keyword, arguments));
            }
        }
        return new DockerfileModel(preamble, stages, syntax);
    }

    public Stage last() {
        return stages.get(stages.size() - 1);
    }
}
