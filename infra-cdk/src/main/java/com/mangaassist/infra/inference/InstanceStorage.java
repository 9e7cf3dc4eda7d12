package com.mangaassist.infra.inference;

import java.util.Set;

/**
 * Which SageMaker instance types carry local NVMe instance storage. SageMaker refuses a KmsKeyId
 * on an endpoint configuration whose instances have it ("You can't request a KmsKeyId when using
 * an instance type with local storage"): those volumes are encrypted by a hardware module on the
 * instance instead. EBS-only types take the platform's key.
 *
 * <p>The rule is data: the families below, from EC2's instance-store table for the families
 * SageMaker hosts. A family SageMaker adds with local storage belongs here; until it is, its
 * endpoint configuration fails at create time with SageMaker's own message, never silently.
 */
public final class InstanceStorage {

    /** Families ({@code ml.<family>.<size>}) whose instances have local NVMe storage. */
    public static final Set<String> LOCAL_NVME_FAMILIES = Set.of(
            // general purpose, compute and memory optimized with a "d" (disk) suffix
            "m5d", "c5d", "r5d", "m6id", "c6id", "r6id", "m6gd", "c6gd", "r6gd", "m7gd", "c7gd", "r7gd",
            // GPU and accelerator families with instance store
            "g4dn", "g5", "g6", "g6e", "p3dn", "p4d", "p4de", "p5", "p5e", "p5en", "p6-b200", "trn1", "trn1n");

    private InstanceStorage() {
    }

    /** @param instanceType {@code ml.<family>.<size>}, e.g. {@code ml.g5.xlarge} */
    public static boolean hasLocalNvme(String instanceType) {
        String[] parts = instanceType.split("\\.");
        if (parts.length != 3 || !parts[0].equals("ml")) {
            throw new IllegalArgumentException("'" + instanceType + "' is not a SageMaker instance type (ml.<family>.<size>)");
        }
        return LOCAL_NVME_FAMILIES.contains(parts[1]);
    }

    /** Whether the endpoint configuration may name a KMS key for its instances' storage volumes. */
    public static boolean acceptsVolumeKmsKey(String instanceType) {
        return !hasLocalNvme(instanceType);
    }
}
