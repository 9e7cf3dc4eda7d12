package com.mangaassist.planner.sim;

/**
 * What instance count a release's endpoint update gives the variant's new (green) fleet. The CDK
 * app deploys {@link #RETAINED}; {@link #INITIAL_COUNT} is what it did before issue 25, kept only
 * so an experiment can show what that cost. Neither is a planner parameter: a plan is for what
 * {@code cdk deploy} creates (ADR 0023, 0028).
 */
public enum VariantCountOnUpdate {
    /** {@code RetainAllVariantProperties}: the green fleet starts at the count autoscaling had reached. */
    RETAINED,
    /** The new endpoint configuration's {@code InitialInstanceCount}, the tier's minimum. */
    INITIAL_COUNT
}
