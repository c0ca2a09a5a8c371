package dev.kerac.runtime.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Initializer distributions (moments within sampling tolerance, bounds, truncation), matrices
 * (orthogonality, identity), fans, names and determinism. Expected moments come from the Keras
 * definitions in KERAS_SEMANTICS.md §6; tolerances are about 5 standard errors of the estimate.
 */
class InitializersTest {

  /** Rows laid out as {@code Parameter} lays out {@code shape}. */
  private static float[][] rows(int... shape) {
    int cols = shape.length == 0 ? 1 : shape[shape.length - 1];
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    return new float[cols == 0 ? 0 : size / cols][cols];
  }

  private static float[][] fill(Initializer init, long seed, int... shape) {
    float[][] w = rows(shape);
    init.fill(w, shape, new Rng(seed));
    return w;
  }

  private record Stats(double mean, double variance, double min, double max, int n) {}

  private static Stats stats(float[][] w) {
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int n = 0;
    for (float[] row : w) {
      for (float x : row) {
        sum += x;
        min = Math.min(min, x);
        max = Math.max(max, x);
        n++;
      }
    }
    double mean = sum / n;
    double ss = 0;
    for (float[] row : w) {
      for (float x : row) {
        ss += (x - mean) * (x - mean);
      }
    }
    return new Stats(mean, ss / n, min, max, n);
  }

  /** Variance of a standard normal truncated to [-2, 2]: 1 - 4 phi(2) / (2 Phi(2) - 1). */
  private static final double TRUNC_VAR = 0.7737413;

  @Test
  void fansAsKeras() {
    assertEquals(1, Initializers.fanIn(new int[] {}));
    assertEquals(7, Initializers.fanIn(new int[] {7}));
    assertEquals(7, Initializers.fanOut(new int[] {7}));
    assertEquals(3, Initializers.fanIn(new int[] {3, 4}));
    assertEquals(4, Initializers.fanOut(new int[] {3, 4}));
    assertEquals(3 * 5 * 16, Initializers.fanIn(new int[] {3, 5, 16, 32}));
    assertEquals(3 * 5 * 32, Initializers.fanOut(new int[] {3, 5, 16, 32}));
  }

  @Test
  void glorotUniform() {
    float[][] w = fill(Initializers.glorotUniform(), 1, 200, 300);
    double limit = Math.sqrt(6.0 / (200 + 300));
    Stats s = stats(w);
    assertTrue(s.min() >= -limit && s.max() < limit, "outside +-" + limit + ": " + s);
    assertTrue(s.max() > 0.99 * limit && s.min() < -0.99 * limit, "does not span the range: " + s);
    assertEquals(0, s.mean(), 5 * limit / Math.sqrt(3 * s.n()));
    assertEquals(limit * limit / 3, s.variance(), 0.02 * limit * limit / 3);
  }

  @Test
  void heNormalIsTruncatedWithRescaledStddev() {
    int[] shape = {3, 3, 64, 128};
    float[][] w = fill(Initializers.heNormal(), 2, shape);
    double variance = 2.0 / (3 * 3 * 64); // fan_in of a conv kernel
    double stddev = Math.sqrt(variance) / 0.87962566103423978;
    Stats s = stats(w);
    assertTrue(s.max() <= 2 * stddev + 1e-6 && s.min() >= -2 * stddev - 1e-6, "not truncated: " + s);
    assertTrue(s.max() > 1.9 * stddev, "truncated too early: " + s);
    assertEquals(0, s.mean(), 5 * Math.sqrt(variance / s.n()));
    assertEquals(variance, s.variance(), 0.03 * variance); // the rescaling restores the variance
  }

  @Test
  void otherVarianceScalingFamilies() {
    // lecun_uniform on a vector: fan_in = fan_out = length.
    Stats lu = stats(fill(Initializers.lecunUniform(), 3, 20000));
    double limit = Math.sqrt(3.0 / 20000);
    assertTrue(lu.min() >= -limit && lu.max() < limit);
    assertEquals(1.0 / 20000, lu.variance(), 0.03 / 20000);

    Stats hu = stats(fill(Initializers.heUniform(), 4, 100, 500));
    assertTrue(hu.max() < Math.sqrt(6.0 / 100));
    assertEquals(2.0 / 100, hu.variance(), 0.02 * 2.0 / 100);

    Stats gn = stats(fill(Initializers.glorotNormal(), 5, 300, 200));
    assertEquals(2.0 / 500, gn.variance(), 0.03 * 2.0 / 500);

    Stats ln = stats(fill(Initializers.lecunNormal(), 6, 250, 200));
    assertEquals(1.0 / 250, ln.variance(), 0.03 / 250);
    assertTrue(ln.max() <= 2 * Math.sqrt(1.0 / 250) / 0.87962566103423978 + 1e-6);

    // untruncated normal with fan_out: some values beyond 2 stddev (about 4.6%).
    float[][] un = fill(Initializers.varianceScaling(3.0, "fan_out", "untruncated_normal"), 7, 100, 400);
    Stats us = stats(un);
    double var = 3.0 / 400;
    assertEquals(var, us.variance(), 0.03 * var);
    int beyond = 0;
    for (float[] row : un) {
      for (float x : row) {
        if (Math.abs(x) > 2 * Math.sqrt(var)) {
          beyond++;
        }
      }
    }
    assertEquals(0.0455, beyond / (double) us.n(), 0.005);

    // "normal" means truncated_normal in VarianceScaling; the default is fan_in truncated_normal.
    float[][] a = fill(Initializers.varianceScaling(1.0, "fan_in", "normal"), 8, 40, 30);
    float[][] b = fill(Initializers.varianceScaling(), 8, 40, 30);
    assertTrue(Arrays.deepEquals(a, b));
    assertThrows(IllegalArgumentException.class,
        () -> Initializers.varianceScaling(1.0, "fan_sum", "uniform"));
    assertThrows(IllegalArgumentException.class,
        () -> Initializers.varianceScaling(0.0, "fan_in", "uniform"));
  }

  @Test
  void plainDistributions() {
    Stats n = stats(fill(Initializers.randomNormal(2.0, 3.0), 9, 250, 200));
    assertEquals(2.0, n.mean(), 5 * 3.0 / Math.sqrt(n.n()));
    assertEquals(9.0, n.variance(), 0.03 * 9.0);

    Stats u = stats(fill(Initializers.randomUniform(-1.0, 3.0), 10, 250, 200));
    assertTrue(u.min() >= -1.0 && u.max() < 3.0);
    assertEquals(1.0, u.mean(), 5 * Math.sqrt(16.0 / 12 / u.n()));
    assertEquals(16.0 / 12, u.variance(), 0.02 * 16.0 / 12);

    // Keras TruncatedNormal: +-2 stddev around the mean, stddev NOT rescaled.
    Stats t = stats(fill(Initializers.truncatedNormal(1.0, 0.5), 11, 250, 200));
    assertTrue(t.min() >= 0.0 && t.max() <= 2.0, t.toString());
    assertEquals(1.0, t.mean(), 5 * 0.5 / Math.sqrt(t.n()));
    assertEquals(0.25 * TRUNC_VAR, t.variance(), 0.03 * 0.25 * TRUNC_VAR);

    Stats dn = stats(fill(Initializers.randomNormal(), 12, 250, 200));
    assertEquals(0.05 * 0.05, dn.variance(), 0.03 * 0.0025);
    Stats du = stats(fill(Initializers.randomUniform(), 13, 250, 200));
    assertTrue(du.min() >= -0.05 && du.max() < 0.05);
  }

  @Test
  void constants() {
    float[][] z = fill(Initializers.zeros(), 0, 3, 4);
    float[][] o = fill(Initializers.ones(), 0, 3, 4);
    float[][] c = fill(Initializers.constant(0.25), 0, 2, 3, 4);
    for (float[] row : z) {
      assertArrayEquals(new float[4], row, 0f);
    }
    for (float[] row : o) {
      assertArrayEquals(new float[] {1, 1, 1, 1}, row, 0f);
    }
    assertEquals(6, c.length);
    for (float[] row : c) {
      assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, row, 0f);
    }
  }

  /** Max |(A^T A)_ij - g^2 delta_ij| over the columns of the rows x cols matrix {@code w}. */
  private static double columnGramError(float[][] w, double gain) {
    int cols = w[0].length;
    double worst = 0;
    for (int i = 0; i < cols; i++) {
      for (int j = 0; j < cols; j++) {
        double dot = 0;
        for (float[] row : w) {
          dot += (double) row[i] * row[j];
        }
        worst = Math.max(worst, Math.abs(dot - (i == j ? gain * gain : 0)));
      }
    }
    return worst;
  }

  private static float[][] transpose(float[][] w) {
    float[][] t = new float[w[0].length][w.length];
    for (int r = 0; r < w.length; r++) {
      for (int c = 0; c < w[0].length; c++) {
        t[c][r] = w[r][c];
      }
    }
    return t;
  }

  @Test
  void orthogonal() {
    float[][] tall = fill(Initializers.orthogonal(), 14, 64, 32);
    assertTrue(columnGramError(tall, 1.0) < 1e-5, "W^T W != I");
    float[][] wide = fill(Initializers.orthogonal(), 15, 32, 128); // LSTM-like [u, 4u]: rows orthonormal
    assertTrue(columnGramError(transpose(wide), 1.0) < 1e-5, "W W^T != I");
    float[][] conv = fill(Initializers.orthogonal(2.0), 16, 3, 3, 8, 16); // 72 x 16
    assertTrue(columnGramError(conv, 2.0) < 4e-5, "W^T W != 4 I");
    float[][] square = fill(Initializers.orthogonal(), 17, 20, 20);
    assertTrue(columnGramError(square, 1.0) < 1e-5);
    assertTrue(columnGramError(transpose(square), 1.0) < 1e-5);
    assertThrows(IllegalArgumentException.class, () -> fill(Initializers.orthogonal(), 1, 10));
  }

  @Test
  void identity() {
    float[][] w = fill(Initializers.identity(2.0), 0, 3, 5);
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 5; c++) {
        assertEquals(r == c ? 2f : 0f, w[r][c], 0f);
      }
    }
    float[][] tall = fill(Initializers.identity(), 0, 4, 2);
    assertArrayEquals(new float[] {0, 0}, tall[3], 0f);
    assertArrayEquals(new float[] {0, 1}, tall[1], 0f);
    assertThrows(IllegalArgumentException.class, () -> fill(Initializers.identity(), 0, 2, 2, 2));
  }

  private static final List<String> RANDOM = List.of("glorot_uniform", "glorot_normal", "he_uniform",
      "he_normal", "lecun_uniform", "lecun_normal", "orthogonal", "random_normal", "random_uniform",
      "truncated_normal", "variance_scaling");

  @Test
  void deterministicPerSeed() {
    for (String name : RANDOM) {
      Initializer init = Initializers.byName(name);
      float[][] a = fill(init, 42, 6, 5);
      float[][] b = fill(init, 42, 6, 5);
      float[][] c = fill(init, 43, 6, 5);
      for (int r = 0; r < a.length; r++) {
        for (int i = 0; i < a[r].length; i++) {
          assertEquals(Float.floatToRawIntBits(a[r][i]), Float.floatToRawIntBits(b[r][i]), name);
        }
      }
      assertFalse(Arrays.deepEquals(a, c), name + ": seeds 42 and 43 gave the same values");
    }
  }

  @Test
  void byNameUsesKerasDefaults() {
    for (String name : RANDOM) {
      assertTrue(Arrays.deepEquals(fill(Initializers.byName(name), 5, 7, 3),
          fill(Initializers.byName(name), 5, 7, 3)));
    }
    assertTrue(Arrays.deepEquals(fill(Initializers.glorotUniform(), 5, 7, 3),
        fill(Initializers.byName("GlorotUniform"), 5, 7, 3)));
    assertTrue(Arrays.deepEquals(fill(Initializers.randomUniform(-0.05, 0.05), 5, 7, 3),
        fill(Initializers.byName("uniform"), 5, 7, 3)));
    assertTrue(Arrays.deepEquals(fill(Initializers.randomNormal(0, 0.05), 5, 7, 3),
        fill(Initializers.byName("normal"), 5, 7, 3)));
    assertTrue(Arrays.deepEquals(fill(Initializers.heNormal(), 5, 7, 3),
        fill(Initializers.varianceScaling(2.0, "fan_in", "truncated_normal"), 5, 7, 3)));
    assertEquals(1f, fill(Initializers.byName("One"), 0, 2)[0][1], 0f);
    assertEquals(0f, fill(Initializers.byName("constant"), 0, 2)[0][1], 0f);
    assertEquals(1f, fill(Initializers.byName("IdentityInitializer"), 0, 2, 2)[1][1], 0f);
    assertThrows(IllegalArgumentException.class, () -> Initializers.byName("xavier"));
  }

  @Test
  void everyAnnotationInitResolves() {
    for (dev.kerac.annotations.Init init : dev.kerac.annotations.Init.values()) {
      float[][] w = new float[4][4];
      Initializers.byName(init.kerasName()).fill(w, new int[] {4, 4}, new Rng(1));
      if (init != dev.kerac.annotations.Init.ZEROS) {
        assertTrue(Arrays.stream(w).anyMatch(row -> row[0] != 0f || row[1] != 0f), init.name());
      }
    }
  }

  @Test
  void layoutIsChecked() {
    assertThrows(IllegalArgumentException.class,
        () -> Initializers.zeros().fill(new float[3][4], new int[] {4, 3}, new Rng(0)));
    assertThrows(IllegalArgumentException.class,
        () -> Initializers.glorotUniform().fill(new float[2][4], new int[] {3, 4}, new Rng(0)));
    // A scalar is one row of one value.
    float[][] s = new float[1][1];
    Initializers.ones().fill(s, new int[] {}, new Rng(0));
    assertEquals(1f, s[0][0], 0f);
  }
}
