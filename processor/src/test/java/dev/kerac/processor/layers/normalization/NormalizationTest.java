package dev.kerac.processor.layers.normalization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.processor.testing.ModelCompiler;
import dev.kerac.runtime.io.NamedTensor;
import dev.kerac.runtime.losses.Losses;
import dev.kerac.runtime.model.LayerInfo;
import dev.kerac.runtime.model.Model;
import dev.kerac.runtime.model.Parameter;
import dev.kerac.runtime.model.Summary;
import dev.kerac.runtime.optimizers.SGD;
import dev.kerac.runtime.testing.Allocations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BatchNormalization and LayerNormalization in whole models: the Keras reference values of
 * KERAS_SEMANTICS Appendix A, non-trainable moving statistics (summary counts, optimizer, weight
 * files, training vs inference), regularizers, the positive form of the last axis, and no allocation
 * per call.
 */
class NormalizationTest {
  private static final String IMPORTS = "import dev.kerac.annotations.*;\n"
      + "import dev.kerac.annotations.layers.core.*;\n"
      + "import dev.kerac.annotations.layers.reshaping.*;\n"
      + "import dev.kerac.annotations.layers.normalization.*;\n";

  private static Model build(String cls, String shape, String layers, int capacity) {
    String src = "package norm;\n" + IMPORTS
        + "@Sequential(input = @Input(shape = " + shape + "))\n"
        + "abstract class " + cls + " {\n  " + layers + "\n}\n";
    return ModelCompiler.build("norm." + cls, src, capacity, 3);
  }

  private static Parameter param(Model m, String path) {
    for (Parameter p : m.parameters()) {
      if (p.path().equals(path)) {
        return p;
      }
    }
    throw new AssertionError("no parameter " + path + " in " + m.parameters());
  }

  /** Appendix A tolerance: ~1e-5 relative on values rounded to 6 decimals. */
  private static void assertValues(double[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5 * Math.abs(expected[i]) + 2e-6, what + "[" + i + "]");
    }
  }

  @Test
  void batchNormalizationTrainingMatchesKeras() {
    Model m = build("BnAppendixA", "2", "@BatchNormalization Layer bn;", 3);
    float[][] x = {{1, 2}, {3, 6}, {5, 10}};
    m.forward(x, 3, true);
    assertValues(new double[] {-1.224515, -1.224687}, m.output()[0], "y[0]");
    assertValues(new double[] {0, 0}, m.output()[1], "y[1]");
    assertValues(new double[] {1.224515, 1.224688}, m.output()[2], "y[2]");
    assertValues(new double[] {0.03, 0.06}, param(m, "bn/moving_mean").toArray(), "moving_mean");
    assertValues(new double[] {1.016667, 1.096667}, param(m, "bn/moving_variance").toArray(), "moving_variance");
  }

  @Test
  void layerNormalizationMatchesKeras() {
    Model m = build("LnAppendixA", "4", "@LayerNormalization Layer ln;", 1);
    float[] y = new float[4];
    m.predict(new float[] {1, 2, 3, 4}, y);
    assertValues(new double[] {-1.341104, -0.447035, 0.447035, 1.341105}, y, "y");
  }

  @Test
  void positiveLastAxisIsAccepted() {
    Model bn = build("BnAxis3", "{2, 2, 3}", "@BatchNormalization(axis = 3) Layer bn;", 2);
    Model ln = build("LnAxis2", "{2, 5}", "@LayerNormalization(axis = 2) Layer ln;", 2);
    assertArrayEquals(new int[] {3}, param(bn, "bn/gamma").shape());
    assertArrayEquals(new int[] {5}, param(ln, "ln/beta").shape());
  }

  @Test
  void weightsInKerasOrderWithMovingStatisticsNonTrainable() {
    Model m = build("BnWeights", "{4, 4, 6}", "@BatchNormalization Layer bn; @LayerNormalization Layer ln;"
        + " @BatchNormalization(scale = false) Layer noScale; @LayerNormalization(center = false) Layer noCenter;", 2);
    assertEquals("[bn/gamma[6], bn/beta[6], bn/moving_mean[6], bn/moving_variance[6], ln/gamma[6], ln/beta[6], "
        + "noScale/beta[6], noScale/moving_mean[6], noScale/moving_variance[6], noCenter/gamma[6]]",
        m.parameters().toString());
    for (Parameter p : m.parameters()) {
      boolean moving = p.name().startsWith("moving_");
      assertEquals(!moving, p.trainable(), p.path());
      assertEquals(moving, p.grad() == null, p.path() + " has a gradient buffer exactly when trainable");
    }
    // Keras initializers: gamma and moving_variance ones, beta and moving_mean zeros.
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, param(m, "bn/gamma").toArray());
    assertArrayEquals(new float[6], param(m, "bn/beta").toArray());
    assertArrayEquals(new float[6], param(m, "bn/moving_mean").toArray());
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, param(m, "bn/moving_variance").toArray());
  }

  @Test
  void summaryCountsMovingStatisticsAsNonTrainable() {
    Model m = build("BnSummary", "4", "@Dense(units = 8) Layer hidden; @BatchNormalization Layer bn; "
        + "@Dense(units = 3) Layer out;", 2);
    LayerInfo bn = m.layers().get(1);
    assertEquals(16, bn.trainableParams(), "gamma + beta");
    assertEquals(16, bn.nonTrainableParams(), "moving_mean + moving_variance");
    // Keras's table at 76 columns: Param # is the layer's total, the footer splits it.
    String expected = """
        Model: "sequential"
        ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
        ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
        ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
        │ hidden (Dense)                  │ (None, 8)              │            40 │
        ├─────────────────────────────────┼────────────────────────┼───────────────┤
        │ bn (BatchNormalization)         │ (None, 8)              │            32 │
        ├─────────────────────────────────┼────────────────────────┼───────────────┤
        │ out (Dense)                     │ (None, 3)              │            27 │
        └─────────────────────────────────┴────────────────────────┴───────────────┘
         Total params: 99 (396.00 B)
         Trainable params: 83 (332.00 B)
         Non-trainable params: 16 (64.00 B)
        """;
    assertEquals(expected, Summary.render(m.name(), m.layers(), -1, 0, 76));
  }

  /** Per-channel mean and biased variance of rows of {@code channels}-wide positions, in double. */
  private static double[][] moments(float[][] x, int channels) {
    double[] mean = new double[channels];
    double[] var = new double[channels];
    int count = 0;
    for (float[] row : x) {
      for (int k = 0; k < row.length; k++) {
        mean[k % channels] += row[k];
      }
      count += row.length / channels;
    }
    for (int c = 0; c < channels; c++) {
      mean[c] /= count;
    }
    for (float[] row : x) {
      for (int k = 0; k < row.length; k++) {
        double d = row[k] - mean[k % channels];
        var[k % channels] += d * d;
      }
    }
    for (int c = 0; c < channels; c++) {
      var[c] /= count;
    }
    return new double[][] {mean, var};
  }

  private static float[][] random(int rows, int cols, long seed, float offset) {
    Random r = new Random(seed);
    float[][] x = new float[rows][cols];
    for (float[] row : x) {
      for (int i = 0; i < cols; i++) {
        row[i] = offset + (float) r.nextGaussian() * 2f;
      }
    }
    return x;
  }

  @Test
  void trainingUpdatesMovingStatisticsAndTheOptimizerLeavesThemAlone() {
    Model m = build("BnTrain", "{3, 2}", "@BatchNormalization(momentum = 0.9) Layer bn; @Flatten Layer f; "
        + "@Dense(units = 2) Layer out;", 8);
    m.compile(new SGD(0.5, 0.9, false), Losses.MEAN_SQUARED_ERROR);
    float[][] x = random(8, 6, 11, 3f);
    float[][] y = random(8, 2, 12, 0f);
    double[][] stats = moments(x, 2);
    m.trainer().trainOnBatch(x, y, null, 8);
    // One training step: moving = 0.9 * initial + 0.1 * batch statistic (biased variance).
    float[] mean = param(m, "bn/moving_mean").toArray();
    float[] var = param(m, "bn/moving_variance").toArray();
    for (int c = 0; c < 2; c++) {
      assertEquals(0.1 * stats[0][c], mean[c], 1e-5 * Math.abs(stats[0][c]) + 1e-6, "moving_mean " + c);
      assertEquals(0.9 + 0.1 * stats[1][c], var[c], 1e-5 * (0.9 + 0.1 * stats[1][c]), "moving_variance " + c);
    }
    // The optimizer's slots cover the trainable weights only.
    for (NamedTensor t : m.trainer().optimizer().variables()) {
      assertFalse(t.name().contains("moving_"), t.name());
    }
    assertNull(param(m, "bn/moving_mean").grad());
    // Inference (evaluate, predict) leaves them unchanged.
    m.evaluate(x, y);
    m.predict(x);
    assertArrayEquals(mean, param(m, "bn/moving_mean").toArray());
    assertArrayEquals(var, param(m, "bn/moving_variance").toArray());
    // A second step moves them again, from the values the first one left.
    m.trainer().trainOnBatch(x, y, null, 8);
    for (int c = 0; c < 2; c++) {
      double expected = 0.9 * (0.1 * stats[0][c]) + 0.1 * stats[0][c];
      assertEquals(expected, param(m, "bn/moving_mean").toArray()[c], 1e-5 * Math.abs(expected) + 1e-6);
    }
  }

  @Test
  void aStepWithANonFiniteLossLeavesTheMovingStatisticsAlone() {
    Model m = build("BnNaN", "{3, 2}", "@BatchNormalization Layer bn; @Flatten Layer f; "
        + "@Dense(units = 2) Layer out;", 8);
    m.compile(new SGD(0.1), Losses.MEAN_SQUARED_ERROR);
    float[][] x = random(8, 6, 21, 1f);
    float[][] y = random(8, 2, 22, 0f);
    m.trainer().trainOnBatch(x, y, null, 8);
    float[] mean = param(m, "bn/moving_mean").toArray();
    float[] var = param(m, "bn/moving_variance").toArray();
    float[] kernel = param(m, "out/kernel").toArray();
    x[3][1] = Float.NaN;
    assertTrue(Double.isNaN(m.trainer().trainOnBatch(x, y, null, 8)));
    assertArrayEquals(mean, param(m, "bn/moving_mean").toArray());
    assertArrayEquals(var, param(m, "bn/moving_variance").toArray());
    assertArrayEquals(kernel, param(m, "out/kernel").toArray());
  }

  @Test
  void batchStatisticsOverSeveralAccumulationBlocks() {
    // 150 samples: the per-element float sums are folded into doubles in blocks of 64 samples.
    Model m = build("BnLarge", "{2, 3}", "@BatchNormalization(momentum = 0) Layer bn;", 150);
    float[][] x = random(150, 6, 21, 5f);
    double[][] stats = moments(x, 3);
    m.forward(x, 150, true);
    float[] mean = param(m, "bn/moving_mean").toArray();
    float[] var = param(m, "bn/moving_variance").toArray();
    for (int c = 0; c < 3; c++) {
      assertEquals(stats[0][c], mean[c], 1e-5 * Math.abs(stats[0][c]), "momentum 0: moving_mean = batch mean");
      assertEquals(stats[1][c], var[c], 1e-5 * stats[1][c], "momentum 0: moving_variance = batch variance");
    }
    for (int b = 0; b < 150; b += 37) {
      for (int k = 0; k < 6; k++) {
        double expected = (x[b][k] - stats[0][k % 3]) / Math.sqrt(stats[1][k % 3] + 1e-3);
        assertEquals(expected, m.output()[b][k], 1e-4 * Math.abs(expected) + 1e-5, "y[" + b + "][" + k + "]");
      }
    }
  }

  @Test
  void fitLearnsThroughBatchNormalizationAndInferenceUsesWhatItLearned() {
    // Two classes split by the sign of x0 + x1 on inputs far from zero mean and unit scale, which
    // BatchNormalization takes out. Accuracy is evaluated in inference mode, on the moving statistics.
    Model m = build("BnFit", "6", "@Dense(units = 16) Layer hidden; @BatchNormalization(momentum = 0.9) Layer bn; "
        + "@Activation(value = Activations.RELU) Layer relu; "
        + "@Dense(units = 2, activation = Activations.SOFTMAX) Layer out;", 32);
    Random r = new Random(8);
    int n = 512;
    float[][] x = new float[n][6];
    float[][] y = new float[n][2];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 6; j++) {
        x[i][j] = 40f + 10f * (float) r.nextGaussian();
      }
      y[i][x[i][0] + x[i][1] > 80f ? 1 : 0] = 1f;
    }
    m.compile(new dev.kerac.runtime.optimizers.Adam(0.01), Losses.CATEGORICAL_CROSSENTROPY, "accuracy");
    m.fit(x, y, dev.kerac.runtime.train.Fit.epochs(15).batchSize(32).seed(1).verbose(0));
    double accuracy = m.evaluate(x, y).get("accuracy");
    assertTrue(accuracy > 0.9, "inference accuracy " + accuracy);
    float[] mean = param(m, "bn/moving_mean").toArray();
    assertTrue(Math.abs(mean[0]) > 1e-2, "fit updated the moving mean: " + mean[0]);
  }

  @Test
  void inferenceUsesMovingStatistics() {
    Model m = build("BnInfer", "3", "@BatchNormalization(epsilon = 0.01) Layer bn;", 2);
    param(m, "bn/gamma").set(new float[] {2, 1, 0.5f});
    param(m, "bn/beta").set(new float[] {0, 1, -1});
    param(m, "bn/moving_mean").set(new float[] {1, -1, 0});
    param(m, "bn/moving_variance").set(new float[] {0.99f, 3.99f, 0.24f});
    float[] y = new float[3];
    m.predict(new float[] {2, 1, 1}, y);
    // gamma * (x - mean) / sqrt(var + 0.01) + beta = {2 * 1 / 1, 1 * 2 / 2 + 1, 0.5 * 1 / 0.5 - 1}
    assertArrayEquals(new float[] {2, 2, 0}, y, 1e-6f);
  }

  @Test
  void regularizersAddToTheLossOfTrainableWeightsOnly() {
    // Fresh weights in inference: y = x / sqrt(1 + eps); with y_true = 0, MSE = mean(x^2) / (1 + eps).
    Model m = build("BnReg", "2", "@BatchNormalization(gammaRegularizer = @Regularizer(l2 = 0.5), "
        + "betaRegularizer = @Regularizer(l1 = 0.25)) Layer bn;", 2);
    m.compile(new SGD(0.1), Losses.MEAN_SQUARED_ERROR);
    param(m, "bn/beta").set(new float[] {1, -2});
    float[][] x = {{1, 2}, {3, 4}};
    double eps = 1e-3;
    double mse = 0;
    float[] beta = {1, -2};
    for (float[] row : x) {
      for (int c = 0; c < 2; c++) {
        double v = row[c] / Math.sqrt(1 + eps) + beta[c];
        mse += v * v;
      }
    }
    mse /= 4;
    double penalty = 0.5 * (1 + 1) + 0.25 * (1 + 2);
    double loss = m.evaluate(x, new float[2][2]).get("loss");
    assertEquals(mse + penalty, loss, 1e-5 * (mse + penalty));
  }

  @Test
  void weightFilesKeepMovingStatistics(@TempDir Path dir) throws Exception {
    Model a = build("BnSave", "{2, 4}", "@BatchNormalization Layer bn; @Flatten Layer f; @Dense(units = 2) Layer out;", 4);
    a.forward(random(4, 8, 5, 2f), 4, true);
    float[] mean = param(a, "bn/moving_mean").toArray();
    assertTrue(Math.abs(mean[0]) > 1e-3, "the training forward moved the moving mean");
    Path file = dir.resolve("bn.weights");
    a.saveWeights(file);
    assertTrue(Files.size(file) > 0);
    Model b = build("BnSave", "{2, 4}", "@BatchNormalization Layer bn; @Flatten Layer f; @Dense(units = 2) Layer out;", 4);
    b.loadWeights(file);
    for (Parameter p : a.parameters()) {
      assertArrayEquals(p.toArray(), param(b, p.path()).toArray(), p.path());
    }
  }

  @Test
  void forwardBackwardAndTrainingStepAllocateNothing() {
    Model m = build("NormAlloc", "{5, 5, 8}", "@BatchNormalization Layer bn; @LayerNormalization Layer ln; "
        + "@Flatten Layer f; @Dense(units = 4) Layer d; @BatchNormalization Layer bn2; "
        + "@LayerNormalization Layer ln2;", 8);
    float[][] x = random(8, 200, 1, 0f);
    float[][] dy = random(8, 4, 2, 0f);
    assertEquals(0, Allocations.leastBytes(() -> m.forward(x, 8, true), 50), "forward (training)");
    assertEquals(0, Allocations.leastBytes(() -> m.forward(x, 8, false), 50), "forward (inference)");
    m.forward(x, 8, true);
    assertEquals(0, Allocations.leastBytes(() -> m.backward(dy, 8), 50), "backward (training statistics)");
    m.forward(x, 8, false);
    assertEquals(0, Allocations.leastBytes(() -> m.backward(dy, 8), 50), "backward (inference statistics)");
    m.compile(new SGD(1e-3, 0.9, false), Losses.MEAN_SQUARED_ERROR);
    assertEquals(0, Allocations.leastBytes(() -> m.trainer().trainOnBatch(x, dy, null, 8), 50), "training step");
  }
}
