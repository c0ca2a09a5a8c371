package dev.kerac.runtime.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Finite-difference checks of {@code d loss / d yPred} for every loss, independent of the golden
 * files. Inputs are multiples of 2^-20 so that the stencil points {@code p +- H, p +- 2H}
 * (H = 2^-10) are exact floats; they are drawn away from kinks and clip edges by more than 2H.
 */
class LossGradientTest {
  private static final float H = 1f / 1024;
  private static final int BATCH = 3;
  private static final int LAST_AXIS = 4;
  private static final int POSITIONS = 2; // rank-3 rows: (B, 2, 4)

  /** One case: a loss, its inputs, and the sample weights (or null). */
  private record Case(String name, Loss loss, float[][] y, float[][] p, float[] w) {}

  @TestFactory
  Stream<DynamicTest> everyLossGradientMatchesFiniteDifferences() {
    List<Case> cases = new ArrayList<>();
    Random rnd = new Random(20240611);
    float[] w = {0.5f, 2f, 1.25f};

    cases.add(dense("mse", Losses.MEAN_SQUARED_ERROR, rnd, w, () -> u(rnd, -2, 2), (yv, r) -> u(r, -2, 2)));
    cases.add(dense("mae", Losses.MEAN_ABSOLUTE_ERROR, rnd, w, () -> u(rnd, -2, 2),
        (yv, r) -> away(r, yv, 0.05, -2, 2)));
    cases.add(dense("mape", Losses.MEAN_ABSOLUTE_PERCENTAGE_ERROR, rnd, w,
        () -> (rnd.nextBoolean() ? 1 : -1) * u(rnd, 0.3, 2), (yv, r) -> away(r, yv, 0.05, -2, 2)));
    cases.add(dense("msle", Losses.MEAN_SQUARED_LOGARITHMIC_ERROR, rnd, w, () -> u(rnd, -0.5, 3),
        (yv, r) -> u(r, 0.05, 3)));
    cases.add(dense("poisson", Losses.POISSON, rnd, w, () -> u(rnd, 0, 3), (yv, r) -> u(r, 0.2, 3)));
    cases.add(dense("kld", Losses.KL_DIVERGENCE, rnd, w,
        () -> rnd.nextInt(4) == 0 ? 0.0 : u(rnd, 0, 1), (yv, r) -> u(r, 0.05, 0.95)));
    cases.add(dense("log_cosh", Losses.LOG_COSH, rnd, w, () -> u(rnd, -3, 3), (yv, r) -> u(r, -3, 3)));
    for (double delta : new double[] {1.0, 0.5}) {
      cases.add(dense("huber " + delta, Losses.huber(delta), rnd, w, () -> u(rnd, -2, 2),
          (yv, r) -> huberPoint(r, yv, delta)));
    }
    cases.add(dense("hinge {0,1}", Losses.HINGE, rnd, w, () -> rnd.nextInt(2),
        (yv, r) -> hingePoint(r, 2 * yv - 1)));
    cases.add(dense("hinge general", Losses.HINGE, rnd, w, () -> rnd.nextBoolean() ? -1.0 : 0.5,
        (yv, r) -> hingePoint(r, yv)));
    cases.add(dense("squared_hinge {0,1}", Losses.SQUARED_HINGE, rnd, w, () -> rnd.nextInt(2),
        (yv, r) -> hingePoint(r, 2 * yv - 1)));
    cases.add(dense("squared_hinge {-1,1}", Losses.SQUARED_HINGE, rnd, w,
        () -> rnd.nextBoolean() ? -1.0 : 1.0, (yv, r) -> hingePoint(r, yv)));
    cases.add(dense("cosine", Losses.COSINE_SIMILARITY, rnd, w, () -> u(rnd, -1, 1), (yv, r) -> u(r, -1, 1)));
    cases.add(categoricalHinge(rnd, w));
    for (float s : new float[] {0f, 0.2f}) {
      cases.add(dense("bce probs ls=" + s, Losses.binaryCrossentropy(false, s), rnd, w,
          () -> rnd.nextInt(3) == 0 ? u(rnd, 0, 1) : rnd.nextInt(2), (yv, r) -> u(r, 0.05, 0.95)));
      cases.add(dense("bce logits ls=" + s, Losses.binaryCrossentropy(true, s), rnd, w,
          () -> rnd.nextInt(2), (yv, r) -> u(r, -4, 4)));
    }
    for (float s : new float[] {0f, 0.1f}) {
      cases.add(categorical("cce probs ls=" + s, Losses.categoricalCrossentropy(false, s), rnd, w, 0.1, 1));
      cases.add(categorical("cce logits ls=" + s, Losses.categoricalCrossentropy(true, s), rnd, w, -3, 3));
    }
    cases.add(sparse("sparse cce probs", Losses.sparseCategoricalCrossentropy(false), rnd, w, 0.1, 1));
    cases.add(sparse("sparse cce logits", Losses.sparseCategoricalCrossentropy(true), rnd, w, -3, 3));
    cases.add(sparse("sparse cce probs, no weights", Losses.SPARSE_CATEGORICAL_CROSSENTROPY, rnd, null, 0.1, 1));

    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name, () -> check(c)));
  }

  private static void check(Case c) {
    int len = c.p[0].length;
    float[][] g = new float[BATCH][len];
    double value = c.loss.compute(c.y, c.p, c.w, BATCH, LAST_AXIS, g);
    assertEquals(value, c.loss.compute(c.y, c.p, c.w, BATCH, LAST_AXIS, null), 0.0);
    double scale = 0;
    for (float[] row : g) {
      for (float v : row) {
        scale = Math.max(scale, Math.abs(v));
      }
    }
    for (int r = 0; r < BATCH; r++) {
      for (int i = 0; i < len; i++) {
        float orig = c.p[r][i];
        double[] f = new double[5];
        for (int k = -2; k <= 2; k++) {
          if (k != 0) {
            c.p[r][i] = orig + k * H; // exact: orig is a multiple of 2^-20 below 8 in magnitude
            f[k + 2] = c.loss.compute(c.y, c.p, c.w, BATCH, LAST_AXIS, null);
          }
        }
        c.p[r][i] = orig;
        double fd = (f[0] - 8 * f[1] + 8 * f[3] - f[4]) / (12.0 * H);
        // float storage of the gradient (6e-8 relative) plus a stencil error far below 1e-5
        double tol = 1e-5 * Math.abs(fd) + 1e-7 * scale;
        if (!(Math.abs(fd - g[r][i]) <= tol)) {
          fail(c.name + ": d/dp[" + r + "][" + i + "] = " + g[r][i] + ", finite difference " + fd
              + " (p=" + orig + ", y=" + (c.y[r].length == len ? c.y[r][i] : c.y[r][i / LAST_AXIS]) + ")");
        }
      }
    }
  }

  // ---- input generators ----

  private interface Pred {
    double next(double y, Random rnd);
  }

  private static Case dense(String name, Loss loss, Random rnd, float[] w, DoubleSupplier y, Pred p) {
    int len = POSITIONS * LAST_AXIS;
    float[][] ys = new float[BATCH][len];
    float[][] ps = new float[BATCH][len];
    for (int r = 0; r < BATCH; r++) {
      for (int i = 0; i < len; i++) {
        ys[r][i] = grid(y.getAsDouble());
        ps[r][i] = grid(p.next(ys[r][i], rnd));
      }
    }
    return new Case(name, loss, ys, ps, w);
  }

  private static Case categorical(String name, Loss loss, Random rnd, float[] w, double lo, double hi) {
    int len = POSITIONS * LAST_AXIS;
    float[][] ys = new float[BATCH][len];
    float[][] ps = new float[BATCH][len];
    for (int r = 0; r < BATCH; r++) {
      for (int pos = 0; pos < POSITIONS; pos++) {
        boolean soft = r == 2; // one row of soft labels (a distribution), the others one-hot
        double total = 0;
        double[] raw = new double[LAST_AXIS];
        for (int j = 0; j < LAST_AXIS; j++) {
          raw[j] = soft ? u(rnd, 0.1, 1) : 0;
          total += raw[j];
        }
        if (!soft) {
          raw[rnd.nextInt(LAST_AXIS)] = 1;
          total = 1;
        }
        for (int j = 0; j < LAST_AXIS; j++) {
          ys[r][pos * LAST_AXIS + j] = grid(raw[j] / total);
          ps[r][pos * LAST_AXIS + j] = grid(u(rnd, lo, hi));
        }
      }
    }
    return new Case(name, loss, ys, ps, w);
  }

  private static Case sparse(String name, Loss loss, Random rnd, float[] w, double lo, double hi) {
    float[][] ys = new float[BATCH][POSITIONS];
    float[][] ps = new float[BATCH][POSITIONS * LAST_AXIS];
    for (int r = 0; r < BATCH; r++) {
      for (int pos = 0; pos < POSITIONS; pos++) {
        ys[r][pos] = rnd.nextInt(LAST_AXIS);
      }
      for (int i = 0; i < ps[r].length; i++) {
        ps[r][i] = grid(u(rnd, lo, hi));
      }
    }
    return new Case(name, loss, ys, ps, w);
  }

  /** One-hot labels; scores with a unique, well separated max of (1-y)p and a margin away from 0. */
  private static Case categoricalHinge(Random rnd, float[] w) {
    int len = POSITIONS * LAST_AXIS;
    float[][] ys = new float[BATCH][len];
    float[][] ps = new float[BATCH][len];
    for (int r = 0; r < BATCH; r++) {
      for (int pos = 0; pos < POSITIONS; pos++) {
        int o = pos * LAST_AXIS;
        while (true) {
          int c = rnd.nextInt(LAST_AXIS);
          double[] s = new double[LAST_AXIS];
          for (int j = 0; j < LAST_AXIS; j++) {
            s[j] = grid(u(rnd, -2, 2));
          }
          double best = Double.NEGATIVE_INFINITY;
          double second = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < LAST_AXIS; j++) {
            double v = j == c ? 0 : s[j];
            if (v > best) {
              second = best;
              best = v;
            } else if (v > second) {
              second = v;
            }
          }
          double margin = best - s[c] + 1;
          if (best - second > 0.05 && Math.abs(margin) > 0.05) {
            for (int j = 0; j < LAST_AXIS; j++) {
              ys[r][o + j] = j == c ? 1 : 0;
              ps[r][o + j] = (float) s[j];
            }
            break;
          }
        }
      }
    }
    return new Case("categorical_hinge", Losses.CATEGORICAL_HINGE, ys, ps, w);
  }

  static double u(Random rnd, double lo, double hi) {
    return lo + (hi - lo) * rnd.nextDouble();
  }

  /** The nearest multiple of 2^-20. */
  static float grid(double v) {
    return (float) (Math.rint(v * (1 << 20)) / (1 << 20));
  }

  private static double away(Random rnd, double from, double margin, double lo, double hi) {
    double v;
    do {
      v = u(rnd, lo, hi);
    } while (Math.abs(v - from) < margin);
    return v;
  }

  private static double huberPoint(Random rnd, double y, double delta) {
    double v;
    do {
      v = u(rnd, -2, 2);
    } while (Math.abs(Math.abs(v - y) - delta) < 0.05 || Math.abs(v - y) < 0.01);
    return v;
  }

  private static double hingePoint(Random rnd, double t) {
    double v;
    do {
      v = u(rnd, -2, 2);
    } while (Math.abs(1 - t * v) < 0.05);
    return v;
  }
}
