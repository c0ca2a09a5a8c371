package dev.kerac.runtime.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.kerac.runtime.testing.GoldenCase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every {@code activation_*} golden case: forward {@code y} and backward {@code dx}, per row. */
class ActivationGoldenTest {

  /** Builds the case's function from its Keras name and config, as generated code would. */
  static ActivationFunction fromCase(GoldenCase c, int axisSize) {
    Map<String, Object> cfg = c.config;
    if (cfg.containsKey("axis")) {
      assertEquals(-1, ((Number) cfg.get("axis")).intValue(), c.file + ": only the last axis is supported");
    }
    return switch (c.keras) {
      case "relu" -> ActivationFunctions.relu((float) c.configDouble("negative_slope", 0),
          (float) c.configDouble("max_value", Double.NaN), (float) c.configDouble("threshold", 0));
      case "leaky_relu" -> ActivationFunctions.leakyRelu((float) c.configDouble("negative_slope", 0.2));
      case "elu" -> ActivationFunctions.elu((float) c.configDouble("alpha", 1));
      case "celu" -> ActivationFunctions.celu((float) c.configDouble("alpha", 1));
      case "gelu" -> ActivationFunctions.gelu(Boolean.TRUE.equals(cfg.get("approximate")));
      case "soft_shrink" -> ActivationFunctions.softShrink((float) c.configDouble("threshold", 0.5));
      case "hard_shrink" -> ActivationFunctions.hardShrink((float) c.configDouble("threshold", 0.5));
      case "squareplus" -> ActivationFunctions.squareplus((float) c.configDouble("b", 4));
      case "threshold" -> ActivationFunctions.threshold(
          (float) c.configDouble("threshold", Double.NaN), (float) c.configDouble("default_value", Double.NaN));
      default -> {
        List<String> params = new ArrayList<>(cfg.keySet());
        params.remove("axis");
        assertEquals(List.of(), params, c.file + ": config arguments this test does not map");
        yield ActivationFunctions.byName(c.keras, axisSize);
      }
    };
  }

  @TestFactory
  List<DynamicTest> goldenCases() {
    List<GoldenCase> cases = GoldenCase.all("activation_");
    assertEquals(39, cases.size(), "activation golden cases on the test class path");
    List<DynamicTest> tests = new ArrayList<>();
    for (GoldenCase c : cases) {
      tests.add(DynamicTest.dynamicTest(c.name, () -> check(c)));
    }
    return tests;
  }

  private static void check(GoldenCase c) {
    int[] xs = c.shape("x");
    int axisSize = xs[xs.length - 1];
    ActivationFunction f = fromCase(c, axisSize);
    float[][] x = c.rows("x");
    float[][] dy = c.rows("dy");
    int outPerRow = c.shape("y")[c.shape("y").length - 1];
    assertEquals(outPerRow, f.outputCount(axisSize), c.file + ": outputs per row");
    float[] y = new float[x.length * outPerRow];
    float[] dx = new float[x.length * axisSize];
    float[] yRow = new float[outPerRow];
    float[] dxRow = new float[axisSize];
    for (int r = 0; r < x.length; r++) {
      f.forward(x[r], yRow, axisSize);
      f.backward(x[r], yRow, dy[r], dxRow, axisSize);
      System.arraycopy(yRow, 0, y, r * outPerRow, outPerRow);
      System.arraycopy(dxRow, 0, dx, r * axisSize, axisSize);
    }
    c.assertClose("y", y);
    c.assertClose("dx", dx);

    // The whole batch at once (several groups in one call) gives the same numbers.
    float[] xAll = c.data("x");
    float[] yAll = new float[y.length];
    float[] dxAll = new float[dx.length];
    f.forward(xAll, yAll, xAll.length);
    f.backward(xAll, yAll, c.data("dy"), dxAll, xAll.length);
    c.assertClose("y (batched)", c.dataDouble("y"), yAll, c.rtol, c.atol);
    c.assertClose("dx (batched)", c.dataDouble("dx"), dxAll, c.rtol, c.atol);
    assertFalse(f.kerasName().isEmpty());
  }
}
