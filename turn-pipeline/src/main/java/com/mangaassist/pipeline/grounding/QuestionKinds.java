package com.mangaassist.pipeline.grounding;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a message is about, as far as retrieval needs to know: does it ask about the caller's
 * orders (then their own orders are looked up beside the catalog and policies), and does it lean on
 * the previous turn ("how many volumes does it have?"), which then joins the query. Word lists, not
 * a model: a wrong guess costs one lookup of the caller's own data or a slightly wider query.
 */
final class QuestionKinds {

    private static final Pattern ORDER_EN = Pattern.compile(
            "\\b(orders?|ordered|shipp(ed|ing)|deliver(y|ed)|track(ing)?|package|parcel|arriv(e|ed|al)|purchase[sd]?|bought|refund)\\b");
    private static final Pattern ORDER_JA = Pattern.compile("注文|発送|配送状況|届(く|か|い|き)|到着|追跡|購入|荷物|配達|返金");
    private static final Pattern FOLLOW_UP_EN = Pattern.compile("\\b(it|its|it's|that|this|they|them|their|those|these|the series|the author|he|she)\\b");
    private static final Pattern FOLLOW_UP_JA = Pattern.compile("それ|その|これ|この|あれ|あの|同じ|続き|他の|ほかの|作者|何巻");
    /** A message this short says too little on its own to search with. */
    private static final int SHORT_EN_WORDS = 4;
    private static final int SHORT_JA_CHARS = 8;

    private QuestionKinds() {
    }

    static boolean asksAboutOrders(String message, String language) {
        return "ja".equals(language) ? ORDER_JA.matcher(message).find() : ORDER_EN.matcher(message.toLowerCase(Locale.ROOT)).find();
    }

    static boolean leansOnPreviousTurn(String message, String language) {
        if ("ja".equals(language)) {
            return message.strip().length() <= SHORT_JA_CHARS || FOLLOW_UP_JA.matcher(message).find();
        }
        String lower = message.toLowerCase(Locale.ROOT).strip();
        return lower.split("\\s+").length <= SHORT_EN_WORDS || FOLLOW_UP_EN.matcher(lower).find();
    }
}
