package com.mangaassist.pipeline.grounding;

import com.mangaassist.shared.grounding.Passage;
import java.util.List;

/**
 * The caller's own most recent orders as passages, newest first. {@code principal} is the
 * authenticated principal of the turn, never anything the message says: the lookup is keyed by it,
 * so no other customer's order can be returned (ADR 0030). Blocking; throws when the store fails.
 */
@FunctionalInterface
public interface OrderLookup {

    List<Passage> recentOrders(String principal, String language, int limit);
}
