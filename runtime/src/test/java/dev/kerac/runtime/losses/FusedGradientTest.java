package dev.kerac.runtime.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused paths: {@code computeFused} returns exactly {@code compute}'s value, and its logits
 * gradient equals the finite-difference gradient of {@code z -> compute(y, softmax(z))} (or sigmoid)
 * while no clip is active.
 */
class FusedGradientTest {
  private static final int BATCH = 3;
  private static final int K = 4;
  private static final int POSITIONS = 2;
  private static final float[] WEIGHTS = {0.5f, 2f, 1.25f};
  private static final double STEP = 1e-2;

  @Test
  void categoricalCrossentropyWithSoftmax() {
    for (float s : new float[] {0f, 0.1f}) {
      Random rnd = new Random(7);
      float[][] y = oneHot(rnd);
      check("cce ls=" + s, Losses.categoricalCrossentropy(false, s), y, logits(rnd), WEIGHTS, true);
      check("cce ls=" + s + " no weights", Losses.categoricalCrossentropy(false, s), y, logits(rnd),
          null, true);
    }
  }

  @Test
  void sparseCategoricalCrossentropyWithSoftmax() {
    Random rnd = new Random(11);
    float[][] ids = new float[BATCH][POSITIONS];
    for (float[] row : ids) {
      for (int i = 0; i < POSITIONS; i++) {
        row[i] = rnd.nextInt(K);
      }
    }
    check("sparse cce", Losses.SPARSE_CATEGORICAL_CROSSENTROPY, ids, logits(rnd), WEIGHTS, true);
  }

  @Test
  void binaryCrossentropyWithSigmoid() {
    for (float s : new float[] {0f, 0.2f}) {
      Random rnd = new Random(13);
      float[][] y = new float[BATCH][POSITIONS * K];
      for (float[] row : y) {
        for (int i = 0; i < row.length; i++) {
          row[i] = rnd.nextInt(2);
        }
      }
      check("bce ls=" + s, Losses.binaryCrossentropy(false, s), y, logits(rnd), WEIGHTS, false);
    }
  }

  @Test
  void fusedGradientIsPredictionMinusSmoothedLabel() {
    // independent formula: (p - y') w / N with y' = y (1 - s) + s / K, N = B * positions
    float s = 0.1f;
    Random rnd = new Random(17);
    float[][] y = oneHot(rnd);
    float[][] p = softmax(logits(rnd));
    float[][] g = new float[BATCH][POSITIONS * K];
    Losses.categoricalCrossentropy(false, s).computeFused(y, p, WEIGHTS, BATCH, K, g);
    double n = BATCH * POSITIONS;
    for (int r = 0; r < BATCH; r++) {
      for (int i = 0; i < POSITIONS * K; i++) {
        double smoothed = y[r][i] * (1 - s) + s / K;
        assertEquals((p[r][i] - smoothed) * WEIGHTS[r] / n, g[r][i], 1e-7, "g[" + r + "][" + i + "]");
      }
    }
  }

  private static void check(String name, Loss loss, float[][] y, double[][] z, float[] w, boolean softmax) {
    int len = POSITIONS * K;
    float[][] p = softmax ? softmax(z) : sigmoid(z);
    float[][] gz = new float[BATCH][len];
    double fused = loss.computeFused(y, p, w, BATCH, K, gz);
    assertEquals(loss.compute(y, p, w, BATCH, K, null), fused, 0.0, name + ": fused loss value");
    for (int r = 0; r < BATCH; r++) {
      for (int i = 0; i < len; i++) {
        double orig = z[r][i];
        double[] f = new double[5];
        for (int k = -2; k <= 2; k++) {
          if (k != 0) {
            z[r][i] = orig + k * STEP;
            float[][] pk = softmax ? softmax(z) : sigmoid(z);
            f[k + 2] = loss.compute(y, pk, w, BATCH, K, null);
          }
        }
        z[r][i] = orig;
        double fd = (f[0] - 8 * f[1] + 8 * f[3] - f[4]) / (12 * STEP);
        // budget: the loss reads float probabilities (6e-8 relative rounding, ~1e-7/N in the loss),
        // amplified by the stencil 1.5/STEP, plus the STEP^4 truncation term
        if (!(Math.abs(fd - gz[r][i]) <= 2e-5 + 1e-4 * Math.abs(fd))) {
          fail(name + ": d/dz[" + r + "][" + i + "] fused " + gz[r][i] + ", finite difference " + fd);
        }
      }
    }
  }

  private static float[][] oneHot(Random rnd) {
    float[][] y = new float[BATCH][POSITIONS * K];
    for (float[] row : y) {
      for (int pos = 0; pos < POSITIONS; pos++) {
        row[pos * K + rnd.nextInt(K)] = 1f;
      }
    }
    return y;
  }

  private static double[][] logits(Random rnd) {
    double[][] z = new double[BATCH][POSITIONS * K];
    for (double[] row : z) {
      for (int i = 0; i < row.length; i++) {
        row[i] = -3 + 6 * rnd.nextDouble();
      }
    }
    return z;
  }

  private static float[][] softmax(double[][] z) {
    float[][] p = new float[z.length][z[0].length];
    for (int r = 0; r < z.length; r++) {
      for (int o = 0; o < z[r].length; o += K) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < K; j++) {
          max = Math.max(max, z[r][o + j]);
        }
        double sum = 0;
        for (int j = 0; j < K; j++) {
          sum += Math.exp(z[r][o + j] - max);
        }
        for (int j = 0; j < K; j++) {
          p[r][o + j] = (float) (Math.exp(z[r][o + j] - max) / sum);
        }
      }
    }
    return p;
  }

  private static float[][] softmax(float[][] z) {
    double[][] d = new double[z.length][];
    for (int r = 0; r < z.length; r++) {
      d[r] = new double[z[r].length];
      for (int i = 0; i < z[r].length; i++) {
        d[r][i] = z[r][i];
      }
    }
    return softmax(d);
  }

  private static float[][] sigmoid(double[][] z) {
    float[][] p = new float[z.length][z[0].length];
    for (int r = 0; r < z.length; r++) {
      for (int i = 0; i < z[r].length; i++) {
        p[r][i] = (float) (1 / (1 + Math.exp(-z[r][i])));
      }
    }
    return p;
  }
}
