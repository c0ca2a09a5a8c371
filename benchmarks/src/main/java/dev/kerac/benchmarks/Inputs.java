package dev.kerac.benchmarks;

import java.util.SplittableRandom;

/**
 * The data every engine is timed on: uniform [0, 1) inputs like {@code ref_input} (dense: no zero
 * pixels for kerac's zero-skipping first layer to exploit) and one-hot labels, from a fixed seed.
 *
 * <pre>{@code
 * float[][] x = Inputs.uniform(64, 784, 1);
 * float[][] y = Inputs.oneHot(64, 10, 2);
 * }</pre>
 */
public final class Inputs {
  private Inputs() {}

  /** {@code n} rows of {@code size} values uniform in [0, 1). */
  public static float[][] uniform(int n, int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] x = new float[n][size];
    for (float[] row : x) {
      for (int i = 0; i < size; i++) {
        row[i] = (float) r.nextDouble();
      }
    }
    return x;
  }

  /** {@code n} one-hot rows over {@code classes} classes, classes uniform at random. */
  public static float[][] oneHot(int n, int classes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] y = new float[n][classes];
    for (float[] row : y) {
      row[r.nextInt(classes)] = 1f;
    }
    return y;
  }

  /** The class index of each one-hot row. */
  public static int[] labels(float[][] oneHot) {
    int[] l = new int[oneHot.length];
    for (int b = 0; b < oneHot.length; b++) {
      for (int k = 0; k < oneHot[b].length; k++) {
        if (oneHot[b][k] == 1f) {
          l[b] = k;
        }
      }
    }
    return l;
  }
}
