package dev.kerac.runtime.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kerac.runtime.testing.GoldenCase;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every {@code loss_*} reference case: the loss value and {@code d loss / d y_pred}. */
class GoldenLossTest {

  @Test
  void casesArePresent() {
    // 51 cases shipped with the project; a missing copy would silently test nothing
    assertEquals(51, GoldenCase.all("loss_").size());
  }

  @TestFactory
  Stream<DynamicTest> goldenLosses() {
    List<GoldenCase> cases = GoldenCase.all("loss_");
    assertFalse(cases.isEmpty(), "no loss_*.json cases on the test class path");
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name, () -> check(c)));
  }

  private static void check(GoldenCase c) {
    Object reduction = c.config.get("reduction");
    if (reduction != null && !"sum_over_batch_size".equals(reduction)) {
      fail(c.file + ": only the default reduction is implemented, case uses " + reduction);
    }
    Object axis = c.config.get("axis");
    if (axis != null && ((Number) axis).intValue() != -1) {
      fail(c.file + ": only axis=-1 is implemented, case uses " + axis);
    }
    Loss loss = lossFor(c);
    int[] predShape = c.shape("y_pred");
    int lastAxis = predShape[predShape.length - 1];
    float[][] yTrue = c.rows("y_true");
    float[][] yPred = c.rows("y_pred");
    int batch = yPred.length;
    float[] weights = c.has("sample_weight") ? c.data("sample_weight") : null;
    float[][] grad = new float[batch][yPred[0].length];

    double value = loss.compute(yTrue, yPred, weights, batch, lastAxis, grad);

    c.assertClose("loss", new float[] {(float) value});
    c.assertClose("dy_pred", GoldenCase.flat(grad, batch));
    // the value does not depend on whether a gradient is asked for
    assertEquals(value, loss.compute(yTrue, yPred, weights, batch, lastAxis, null), 0.0, c.file);
  }

  static Loss lossFor(GoldenCase c) {
    boolean fromLogits = Boolean.TRUE.equals(c.config.get("from_logits"));
    float smoothing = (float) c.configDouble("label_smoothing", 0.0);
    switch (c.keras) {
      case "MeanSquaredError": return Losses.MEAN_SQUARED_ERROR;
      case "MeanAbsoluteError": return Losses.MEAN_ABSOLUTE_ERROR;
      case "MeanAbsolutePercentageError": return Losses.MEAN_ABSOLUTE_PERCENTAGE_ERROR;
      case "MeanSquaredLogarithmicError": return Losses.MEAN_SQUARED_LOGARITHMIC_ERROR;
      case "Poisson": return Losses.POISSON;
      case "KLDivergence": return Losses.KL_DIVERGENCE;
      case "LogCosh": return Losses.LOG_COSH;
      case "Huber": return Losses.huber(c.configDouble("delta", 1.0));
      case "Hinge": return Losses.HINGE;
      case "SquaredHinge": return Losses.SQUARED_HINGE;
      case "CategoricalHinge": return Losses.CATEGORICAL_HINGE;
      case "CosineSimilarity": return Losses.COSINE_SIMILARITY;
      case "BinaryCrossentropy": return Losses.binaryCrossentropy(fromLogits, smoothing);
      case "CategoricalCrossentropy": return Losses.categoricalCrossentropy(fromLogits, smoothing);
      case "SparseCategoricalCrossentropy":
        if (c.config.get("ignore_class") != null) {
          fail(c.file + ": ignore_class is not implemented");
        }
        return Losses.sparseCategoricalCrossentropy(fromLogits);
      default:
        throw new AssertionError(c.file + ": no kerac loss for Keras " + c.keras);
    }
  }
}
