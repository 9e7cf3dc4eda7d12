package com.mangaassist.infra.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The knowledge search domain's size (ADR 0029): data nodes, dedicated cluster-manager ("master")
 * nodes and each data node's EBS volume. The index is small (344 documents, 3.3 MB measured by
 * {@code knowledge ingest}, ADR 0026), so nodes are sized for availability and query CPU, never
 * for storage: the smallest gp3 volume OpenSearch Service takes is plenty.
 *
 * @param dataInstanceType   OpenSearch Service instance type of the data nodes ({@code <family>.<size>.search})
 * @param dataNodes          1 (no zone awareness), or a multiple of the zones the domain spans
 * @param masterInstanceType the dedicated cluster-manager nodes' type; null when there are none
 * @param masterNodes        0, 3 or 5: an odd count keeps a quorum when one is lost (AWS recommends three)
 * @param volumeGiB          gp3 volume per data node
 */
public record SearchSizing(String dataInstanceType, int dataNodes, String masterInstanceType, int masterNodes, int volumeGiB) {

    /** OpenSearch Service's own suffix: {@code t3.small.search}, {@code m6g.large.search}. */
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+\\.search");
    /** The smallest EBS volume OpenSearch Service accepts for the instance types used here. */
    public static final int MIN_VOLUME_GIB = 10;

    public SearchSizing {
        Objects.requireNonNull(dataInstanceType, "dataInstanceType");
        if (!INSTANCE_TYPE.matcher(dataInstanceType).matches()) {
            throw InvalidContextException.invalid(ContextKeys.SEARCH_INSTANCE_TYPE, dataInstanceType,
                    "an OpenSearch Service instance type such as t3.small.search or m6g.large.search");
        }
        if (dataNodes < 1) {
            throw InvalidContextException.invalid(ContextKeys.SEARCH_DATA_NODES, dataNodes, "at least 1");
        }
        if (masterNodes != 0 && masterNodes != 3 && masterNodes != 5) {
            throw new IllegalArgumentException("masterNodes must be 0, 3 or 5 (a quorum survives the loss of one), not " + masterNodes);
        }
        if ((masterNodes > 0) != (masterInstanceType != null)) {
            throw new IllegalArgumentException("masterInstanceType is given exactly when masterNodes > 0");
        }
        if (masterInstanceType != null && !INSTANCE_TYPE.matcher(masterInstanceType).matches()) {
            throw new IllegalArgumentException("masterInstanceType " + masterInstanceType + " is not an OpenSearch Service instance type");
        }
        if (volumeGiB < MIN_VOLUME_GIB) {
            throw new IllegalArgumentException("volumeGiB must be at least " + MIN_VOLUME_GIB + ", not " + volumeGiB);
        }
    }

    public boolean dedicatedMasters() {
        return masterNodes > 0;
    }

    /** The same domain with other data nodes (what {@code -c searchInstanceType} and {@code -c searchDataNodes} change). */
    public SearchSizing withData(String instanceType, int nodes) {
        return new SearchSizing(instanceType, nodes, masterInstanceType, masterNodes, volumeGiB);
    }
}
