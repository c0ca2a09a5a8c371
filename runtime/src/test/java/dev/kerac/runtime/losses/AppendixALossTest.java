package dev.kerac.runtime.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The loss reference values of KERAS_SEMANTICS.md Appendix A (Keras on JAX, float32, rounded to six
 * decimals) and the worked examples of its sections 3.1 and 3.2.
 */
class AppendixALossTest {
  private static final float[][] ONE_HOT = {{0, 1, 0}, {1, 0, 0}};
  private static final float[][] PROBS = {{.1f, .8f, .1f}, {.3f, .3f, .4f}};
  private static final float[][] BINARY = {{1}, {0}, {1}};
  private static final float[][] BINARY_PROBS = {{.9f}, {.2f}, {.4f}};
  private static final float[][] REG_TRUE = {{1, 2}, {3, 4}};
  private static final float[][] REG_PRED = {{1.5f, 1}, {2, 6}};

  private static double value(Loss loss, float[][] y, float[][] p, float[] w) {
    return loss.compute(y, p, w, p.length, p[0].length, null);
  }

  /** Six printed decimals plus float32 rounding in Keras. */
  private static void near(double expected, double actual) {
    assertEquals(expected, actual, 1.5e-6 + 1e-5 * Math.abs(expected));
  }

  @Test
  void categoricalFamily() {
    near(0.713558, value(Losses.CATEGORICAL_CROSSENTROPY, ONE_HOT, PROBS, null));
    near(0.778078, value(Losses.categoricalCrossentropy(false, 0.1f), ONE_HOT, PROBS, null));
    float[][] ids = {{1}, {0}};
    near(0.713558, Losses.SPARSE_CATEGORICAL_CROSSENTROPY.compute(ids, PROBS, null, 2, 3, null));
    near(0.713555, value(Losses.KL_DIVERGENCE, ONE_HOT, PROBS, null));
    float[][] logits = {{1, 2, .5f}, {.2f, -1, 0}};
    near(0.607875, value(Losses.categoricalCrossentropy(true, 0f), ONE_HOT, logits, null));
  }

  @Test
  void binaryFamily() {
    near(0.414932, value(Losses.BINARY_CROSSENTROPY, BINARY, BINARY_PROBS, null));
    near(0.520867, value(Losses.binaryCrossentropy(false, 0.2f), BINARY, BINARY_PROBS, null));
    near(0.645981, value(Losses.BINARY_CROSSENTROPY, BINARY, BINARY_PROBS, new float[] {1, 0, 2}));
    float[][] logits = {{2}, {-1}, {0}};
    near(0.377779, value(Losses.binaryCrossentropy(true, 0f), BINARY, logits, null));
  }

  @Test
  void regressionFamily() {
    near(1.5625, value(Losses.MEAN_SQUARED_ERROR, REG_TRUE, REG_PRED, null));
    near(1.125, value(Losses.MEAN_ABSOLUTE_ERROR, REG_TRUE, REG_PRED, null));
    near(0.65625, value(Losses.HUBER, REG_TRUE, REG_PRED, null));
    near(0.578170, value(Losses.LOG_COSH, REG_TRUE, REG_PRED, null));
    near(45.833336, value(Losses.MEAN_ABSOLUTE_PERCENTAGE_ERROR, REG_TRUE, REG_PRED, null));
    near(0.102542, value(Losses.MEAN_SQUARED_LOGARITHMIC_ERROR, REG_TRUE, REG_PRED, null));
    near(0.212014, value(Losses.POISSON, REG_TRUE, REG_PRED, null));
  }

  @Test
  void hinge() {
    near(0.55, value(Losses.HINGE, new float[][] {{1, 0}}, new float[][] {{.3f, -.6f}}, null));
  }

  @Test
  void zeroWeightedSamplesStillCountInTheDenominator() {
    // §3.1: MSE of targets [1,2,3,4] against 0 with weights [1,0,0,0] is 1/4
    float[][] y = {{1}, {2}, {3}, {4}};
    float[][] p = {{0}, {0}, {0}, {0}};
    assertEquals(0.25, value(Losses.MEAN_SQUARED_ERROR, y, p, new float[] {1, 0, 0, 0}), 1e-12);
  }

  @Test
  void categoricalCrossentropyRenormalizesProbabilities() {
    // §3.2: [.2,.2,.2] against class 1 gives log 3, not -log .2
    double v = value(Losses.CATEGORICAL_CROSSENTROPY, new float[][] {{0, 1, 0}},
        new float[][] {{.2f, .2f, .2f}}, null);
    assertEquals(Math.log(3), v, 1e-7);
  }

  @Test
  void perfectBinaryPredictionCostsTheClip() {
    // §3.2: p = 1 is clipped to float32(1 - 1e-7), costing -log(0.99999988) = 1.1920929e-7
    double v = value(Losses.BINARY_CROSSENTROPY, new float[][] {{1}}, new float[][] {{1}}, null);
    assertEquals(1.1920929e-7, v, 1e-14);
    // p = 0 against label 0 is clipped to float32(1e-7): -log(1 - 1e-7)
    double w = value(Losses.BINARY_CROSSENTROPY, new float[][] {{0}}, new float[][] {{0}}, null);
    assertEquals(1.0000000e-7, w, 1e-14);
  }

  @Test
  void rowsOfSeveralPositionsDivideByAllPositions() {
    // §3.1: (B, T) values divide by B*T. One row of two positions, lastAxis 2: [(1-0)^2+(0-0)^2]/2 and
    // [(2-0)^2 + 0]/2 -> (0.5 + 2) / (1 * 2)
    double v = Losses.MEAN_SQUARED_ERROR.compute(new float[][] {{1, 0, 2, 0}},
        new float[][] {{0, 0, 0, 0}}, null, 1, 2, null);
    assertEquals(1.25, v, 1e-12);
  }
}
