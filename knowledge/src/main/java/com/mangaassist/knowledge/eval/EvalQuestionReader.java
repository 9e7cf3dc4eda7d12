package com.mangaassist.knowledge.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.knowledge.documents.DocumentError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads the eval questions strictly, and refuses a question whose relevant documents are not in
 * the corpus being evaluated (a typo there would silently cap recall) or a policy in the other
 * language than the question's.
 */
public final class EvalQuestionReader {

    private static final Set<String> FIELDS = Set.of("schemaVersion", "id", "lang", "kind", "question", "previousTurn", "relevant");
    private static final Set<String> KINDS = Set.of("genre", "author", "similar", "fact", "policy", "followup");
    private static final ObjectMapper JSON = new ObjectMapper();

    private EvalQuestionReader() {
    }

    /** The questions, or the errors (file, line, field) that refuse the set. */
    public static Result read(Path file, Set<String> corpusIds) {
        List<EvalQuestion> questions = new ArrayList<>();
        List<DocumentError> errors = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String name = file.getFileName().toString();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            int line = i + 1;
            try {
                JsonNode node = JSON.readTree(lines.get(i));
                for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
                    String field = fields.next();
                    if (!FIELDS.contains(field)) {
                        throw new Problem(field, "is not a field of an eval question");
                    }
                }
                if (node.path("schemaVersion").asInt() != 1) {
                    throw new Problem("schemaVersion", "must be 1");
                }
                String id = text(node, "id");
                String language = text(node, "lang");
                String kind = text(node, "kind");
                if (!language.equals("ja") && !language.equals("en")) {
                    throw new Problem("lang", "must be ja or en");
                }
                if (!KINDS.contains(kind)) {
                    throw new Problem("kind", "must be one of " + KINDS);
                }
                if (!ids.add(id)) {
                    throw new Problem("id", "repeats " + id);
                }
                List<String> relevant = new ArrayList<>();
                node.path("relevant").forEach(r -> relevant.add(r.asText()));
                if (relevant.isEmpty()) {
                    throw new Problem("relevant", "must name at least one document");
                }
                for (String document : relevant) {
                    if (!corpusIds.contains(document)) {
                        throw new Problem("relevant", "names " + document + ", which is not in the corpus");
                    }
                    if ((document.endsWith("-ja") || document.endsWith("-en")) && !document.endsWith("-" + language)
                            && !corpusIds.contains(document.substring(0, document.length() - 3))) {
                        throw new Problem("relevant", "names the " + document.substring(document.length() - 2) + " policy " + document
                                + " for a " + language + " question");
                    }
                }
                String previous = node.hasNonNull("previousTurn") ? node.path("previousTurn").asText() : null;
                questions.add(new EvalQuestion(id, language, kind, text(node, "question"), previous, relevant));
            } catch (Problem p) {
                errors.add(new DocumentError(name, line, p.field, p.getMessage()));
            } catch (IOException e) {
                errors.add(new DocumentError(name, line, "", "is not JSON"));
            }
        }
        return new Result(questions, errors);
    }

    private static String text(JsonNode node, String field) {
        if (!node.path(field).isTextual() || node.path(field).asText().isBlank()) {
            throw new Problem(field, "must be a non-blank string");
        }
        return node.path(field).asText();
    }

    /** The questions read, and every refusal. */
    public record Result(List<EvalQuestion> questions, List<DocumentError> errors) {
    }

    private static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String field;

        Problem(String field, String message) {
            super("field '" + field + "' " + message);
            this.field = field;
        }
    }
}
