package com.mangaassist.planner.traffic;

import java.util.SplittableRandom;

/**
 * The planner's one skewed distribution: a log-normal, drawn with Box–Muller from the caller's
 * seeded random, so a run stays reproducible per seed. Token counts use it by their mean
 * ({@link #withMean}); latencies measured as a median and a 99th percentile use it through those two
 * points ({@link #throughMedianAndP99}).
 *
 * @param mu    the mean of the logarithm
 * @param sigma the standard deviation of the logarithm (0: always {@code exp(mu)})
 */
public record LogNormal(double mu, double sigma) {

    /** The standard normal's 99th percentile. */
    static final double Z_99 = 2.3263478740408408;

    public LogNormal {
        if (!Double.isFinite(mu) || !(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("a log-normal needs a finite mu and a finite sigma >= 0, got " + mu + ", " + sigma);
        }
    }

    /** The log-normal with this mean and this sigma. */
    public static LogNormal withMean(double mean, double sigma) {
        return new LogNormal(Math.log(mean) - sigma * sigma / 2, sigma);
    }

    /** The log-normal whose median is {@code p50} and whose 99th percentile is {@code p99} (at least the median). */
    public static LogNormal throughMedianAndP99(double p50, double p99) {
        if (!(p50 > 0) || !(p99 >= p50)) {
            throw new IllegalArgumentException("needs 0 < p50 <= p99, got " + p50 + ", " + p99);
        }
        return new LogNormal(Math.log(p50), Math.log(p99 / p50) / Z_99);
    }

    public double sample(SplittableRandom random) {
        return Math.exp(mu + sigma * gaussian(random));
    }

    public double median() {
        return Math.exp(mu);
    }

    public double p99() {
        return Math.exp(mu + Z_99 * sigma);
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
