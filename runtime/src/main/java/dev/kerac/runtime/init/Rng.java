package dev.kerac.runtime.init;

/**
 * A small, fast, seeded random generator (SplitMix64). The same seed gives the same sequence on every
 * JVM, which makes initial weights, shuffling and dropout masks reproducible. Not thread-safe;
 * allocation-free.
 *
 * <pre>{@code
 * Rng rng = new Rng(42);
 * float u = rng.nextFloat();   // [0, 1)
 * }</pre>
 */
public final class Rng {
  private long state;
  private double spareGaussian;
  private boolean hasSpare;

  public Rng(long seed) {
    setSeed(seed);
  }

  /** Restarts the sequence from {@code seed}. */
  public void setSeed(long seed) {
    this.state = seed;
    this.hasSpare = false;
  }

  /** The next 64 random bits. */
  public long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1) with 24 random bits. */
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    return (int) (((nextLong() >>> 33) * bound) >>> 31);
  }

  /** Standard normal (Marsaglia polar method). */
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spareGaussian;
    }
    double u;
    double v;
    double s;
    do {
      u = nextDouble() * 2 - 1;
      v = nextDouble() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double m = Math.sqrt(-2 * Math.log(s) / s);
    spareGaussian = v * m;
    hasSpare = true;
    return u * m;
  }

  /** Shuffles {@code a[0..n)} in place (Fisher-Yates). */
  public void shuffle(int[] a, int n) {
    for (int i = n - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
