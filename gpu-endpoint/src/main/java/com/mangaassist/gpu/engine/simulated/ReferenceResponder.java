package com.mangaassist.gpu.engine.simulated;

import com.mangaassist.shared.grounding.Passage;
import com.mangaassist.shared.grounding.ReferenceBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated engine's answers, made only from the reference block the request carried (the
 * platform's retrieval, rendered by {@link ReferenceBlock}): the caller's orders first, then the
 * first policy, then the catalog titles in the order retrieval ranked them, each cited by its
 * number in the block. With nothing to go on it says so instead of inventing titles, so a
 * retrieval miss is visible in a local chat. Deterministic: the same block and question always get
 * the same answer.
 */
final class ReferenceResponder {

    static final String ORDER = "order";
    static final String POLICY = "policy";
    static final String CATALOG = "catalog";

    /** When a block mixes kinds, this many titles keep the answer short; alone, every title handed is named. */
    private static final int MIXED_TITLES = 3;
    private static final int MAX_ORDERS = 2;

    private ReferenceResponder() {
    }

    /**
     * The answer to {@code question} from {@code referenceBlock} ({@code null} or empty when the
     * prompt carried none), in Japanese when the question is.
     */
    static String answer(String question, String adapter, String referenceBlock) {
        return answer(ReferenceBlock.parse(referenceBlock), asksInJapanese(question, adapter));
    }

    static String answer(List<Passage> passages, boolean japanese) {
        Wording wording = japanese ? Wording.JAPANESE : Wording.ENGLISH;
        List<Cited> orders = ofKind(passages, ORDER);
        List<Cited> policies = ofKind(passages, POLICY);
        List<Cited> titles = ofKind(passages, CATALOG);
        int kinds = (orders.isEmpty() ? 0 : 1) + (policies.isEmpty() ? 0 : 1) + (titles.isEmpty() ? 0 : 1);
        if (kinds == 0) {
            return wording.nothingFound();
        }
        boolean mixed = kinds > 1;
        List<String> parts = new ArrayList<>();
        for (Cited order : orders.subList(0, Math.min(MAX_ORDERS, orders.size()))) {
            parts.add(wording.order(order.number(), Excerpt.of(order.passage().text(), 3, wording.longChars())));
        }
        if (!policies.isEmpty()) {
            // Retrieval ranks the most relevant policy first; quoting one keeps the answer to what it says.
            Cited policy = policies.get(0);
            parts.add(wording.policy(policy.number(), policy.passage().title(),
                    Excerpt.of(policy.passage().text(), mixed ? 1 : 2, wording.longChars())));
        }
        if (!titles.isEmpty()) {
            List<Cited> named = mixed ? titles.subList(0, Math.min(MIXED_TITLES, titles.size())) : titles;
            StringBuilder catalog = new StringBuilder(wording.catalogIntro());
            for (Cited title : named) {
                catalog.append(wording.title(title.number(), title.passage().title(),
                        Excerpt.of(title.passage().text(), 1, wording.phraseChars())));
            }
            parts.add(catalog.toString());
        }
        return String.join(wording.separator(), parts);
    }

    /**
     * Whether to answer in Japanese: when the question has kana or kanji. A question with no words
     * in either script (an empty health probe, a bare "?") leaves it to the adapter the caller chose.
     */
    static boolean asksInJapanese(String question, String adapter) {
        boolean latin = false;
        for (int i = 0; i < question.length(); ) {
            int cp = question.codePointAt(i);
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            if (script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA
                    || script == Character.UnicodeScript.HAN) {
                return true;
            }
            latin |= script == Character.UnicodeScript.LATIN;
            i += Character.charCount(cp);
        }
        return !latin && adapter != null && adapter.endsWith("-ja");
    }

    /** The passages of {@code kind}, each with its number in the block (its citation). */
    private static List<Cited> ofKind(List<Passage> passages, String kind) {
        List<Cited> cited = new ArrayList<>();
        for (int i = 0; i < passages.size(); i++) {
            if (passages.get(i).kind().equals(kind)) {
                cited.add(new Cited(i + 1, passages.get(i)));
            }
        }
        return cited;
    }

    /** A passage and the number the block gave it ({@link ReferenceBlock#render} numbers from 1 in order). */
    private record Cited(int number, Passage passage) {
    }

    /**
     * What the answer says around the passages' own words, per language. The no-context answer says
     * what the assistant can do as well: besides helping the asker, that keeps it at 50 to 70
     * tokens, so a turn with nothing retrieved still streams for a while (the platform's tests hit
     * turns mid-stream and hold capacity with them).
     */
    private record Wording(String nothingFound, String orderFormat, String policyFormat, String catalogIntro, String titleFormat,
                           String bareTitleFormat, String separator, int longChars, int phraseChars) {

        static final Wording ENGLISH = new Wording(
                "I found nothing in the store's catalog or policies for that question, so I would rather not guess. "
                        + "I can suggest series from the catalog, explain how shipping, returns, payment and pre-orders work, "
                        + "or look up one of your orders. Could you name a title, an author, a genre or an order number?",
                "About your order [%d]: %s",
                "Our policy \"%2$s\" [%1$d] says: %3$s",
                "From the store's catalog, you might like:",
                " %2$s [%1$d] — %3$s",
                " %2$s [%1$d].",
                " ", 280, 100);

        static final Wording JAPANESE = new Wording(
                "ご質問について、ストアのカタログやご利用規定には該当する情報が見つかりませんでした。推測でのお答えは控えます。"
                        + "カタログからの作品のご紹介、配送・返品・お支払い・予約についてのご案内、ご注文の確認ができます。"
                        + "作品名・著者名・ジャンル・注文番号などを添えて、もう一度お尋ねください。",
                "ご注文について[%d]：%s",
                "「%2$s」[%1$d]によると、%3$s",
                "ストアのカタログから、次の作品はいかがでしょう。",
                "『%2$s』[%1$d]：%3$s",
                "『%2$s』[%1$d]。",
                "", 140, 50);

        String order(int number, String excerpt) {
            return orderFormat.formatted(number, excerpt);
        }

        String policy(int number, String title, String excerpt) {
            return policyFormat.formatted(number, title, excerpt);
        }

        /** A title, its citation and, when its passage has any text, the opening of it. */
        String title(int number, String title, String phrase) {
            return (phrase.isEmpty() ? bareTitleFormat : titleFormat).formatted(number, title, phrase);
        }
    }
}
