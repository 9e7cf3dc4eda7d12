package com.mangaassist.planner.traffic;

import java.util.List;
import java.util.SplittableRandom;

/**
 * What generated users ask. Only the model selector reads the text (its complexity estimate looks
 * for reasoning cues and several questions); token counts come from the traffic settings. About a
 * fifth carry a cue, as comparison and "why" questions do in a store's chat.
 */
final class SampleQueries {

    private static final List<String> JAPANESE = List.of(
            "ワンピースの最新刊はいつ発売ですか？", "おすすめの少女漫画を教えてください", "注文した本がまだ届きません",
            "鬼滅の刃の全巻セットはありますか？", "呪術廻戦とチェンソーマンの違いを詳しく説明してください",
            "この作品が人気な理由は？なぜ売り切れなのですか？", "電子書籍でも買えますか", "配送先を変更したいです",
            "進撃の巨人に似た作品は？", "キャンセルの方法を教えてください");
    private static final List<String> ENGLISH = List.of(
            "When does the next One Piece volume come out?", "Recommend a manga like Frieren", "Where is my order?",
            "Do you ship the box set to Canada?", "Compare Berserk and Vinland Saga for a new reader",
            "Why is volume 12 out of stock? When will it be back?", "Can I buy this as an e-book?", "I want to change my address",
            "What's similar to Attack on Titan?", "How do I cancel an order?");

    private SampleQueries() {
    }

    static String pick(boolean japanese, SplittableRandom random) {
        List<String> pool = japanese ? JAPANESE : ENGLISH;
        return pool.get(random.nextInt(pool.size()));
    }
}
