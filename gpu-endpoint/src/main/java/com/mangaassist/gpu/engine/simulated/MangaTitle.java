package com.mangaassist.gpu.engine.simulated;

import java.util.List;

/** One entry of the simulated engine's bundled catalog. */
record MangaTitle(String title, String titleJa, int year, List<String> keywords, String blurb, String blurbJa) {

    MangaTitle {
        keywords = List.copyOf(keywords);
    }
}
