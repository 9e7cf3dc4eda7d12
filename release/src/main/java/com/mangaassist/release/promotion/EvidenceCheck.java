package com.mangaassist.release.promotion;

/**
 * One kind of evidence the gate requires of a released item (an image, or an object in the
 * bucket): the check adds a refusal for each problem it finds, and nothing when the evidence holds.
 * The gate runs an item's checks in order; a check that throws ends that item's checks.
 *
 * @param <T> the item checked: {@link ReleasedImage} or {@link ReleasedObject}
 */
@FunctionalInterface
interface EvidenceCheck<T> {

    void check(T item, Refusals refusals);

    /**
     * A refusal after which nothing else about the item can be judged (the registry cannot be read,
     * the object is not in the store): the gate records it and checks the item no further.
     */
    final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop(String refusal) {
            super(refusal);
        }
    }
}
