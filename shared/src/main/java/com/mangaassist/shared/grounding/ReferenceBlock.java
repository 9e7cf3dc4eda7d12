package com.mangaassist.shared.grounding;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RAG context as the model reads it: numbered passages, each a header line
 * {@code [n] kind id | title} and one line of text. A real model reads it as prose with citations
 * it can echo ("[2]"); the simulated engine parses it back ({@link #parse}) to answer from exactly
 * what it was handed, so a retrieval bug shows in a local chat. Passage text never spans lines:
 * a document's own line breaks become spaces, so no document can forge a header.
 */
public final class ReferenceBlock {

    private static final Pattern HEADER = Pattern.compile("^\\[(\\d{1,2})] (catalog|policy|order) (\\S+) \\| (.*)$");

    private ReferenceBlock() {
    }

    public static String render(List<Passage> passages) {
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < passages.size(); i++) {
            block.append(header(i + 1, passages.get(i))).append('\n').append(oneLine(passages.get(i).text())).append('\n');
        }
        return block.toString();
    }

    /** One passage as it appears in the block (header and text), for packing passages into a token budget one at a time. */
    public static String entry(int number, Passage passage) {
        return header(number, passage) + "\n" + oneLine(passage.text()) + "\n";
    }

    /** The passages of a block this class rendered; lines that are not a header followed by text are skipped. */
    public static List<Passage> parse(String block) {
        List<Passage> passages = new ArrayList<>();
        if (block == null || block.isEmpty()) {
            return passages;
        }
        String[] lines = block.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            Matcher header = HEADER.matcher(lines[i]);
            if (header.matches() && !HEADER.matcher(lines[i + 1]).matches()) {
                passages.add(new Passage(header.group(3), header.group(2), header.group(4), lines[i + 1]));
                i++;
            }
        }
        return passages;
    }

    private static String header(int number, Passage passage) {
        return "[" + number + "] " + passage.kind() + " " + passage.id().replaceAll("\\s", "_") + " | " + oneLine(passage.title());
    }

    private static String oneLine(String text) {
        return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').strip();
    }
}
