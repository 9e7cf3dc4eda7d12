package com.mangaassist.planner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    @Test
    void tryTake_whenBurstSpent_refusesUntilRefilled() {
        TokenBucket bucket = new TokenBucket(2, 3);

        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isFalse();
        // Half a second at 2/s refills exactly one token.
        assertThat(bucket.tryTake(0.5)).isTrue();
        assertThat(bucket.tryTake(0.5)).isFalse();
    }

    @Test
    void tryTake_whenIdleLong_refillsNoMoreThanTheBurst() {
        TokenBucket bucket = new TokenBucket(100, 2);

        assertThat(bucket.tryTake(1000)).isTrue();
        assertThat(bucket.tryTake(1000)).isTrue();
        assertThat(bucket.tryTake(1000)).isFalse();
    }

    @Test
    void tryTake_whenTimeStartsBeforeZero_startsFull() {
        // A pre-roll starts the clock at -600 s: the bucket starts full there, not 600 s in debt.
        TokenBucket bucket = new TokenBucket(1, 1);

        assertThat(bucket.tryTake(-600)).isTrue();
        assertThat(bucket.tryTake(-600)).isFalse();
    }
}
