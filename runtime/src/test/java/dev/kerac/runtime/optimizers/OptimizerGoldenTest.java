package dev.kerac.runtime.optimizers;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.kerac.runtime.model.Parameter;
import dev.kerac.runtime.testing.GoldenCase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code optimizer_*} golden case: the optimizer is built from the case's Keras class and config,
 * the case's gradients are applied one step at a time and the parameter is compared after each step.
 * Each case runs twice: with the case's 1-D shape (one row) and with the same numbers laid out as two
 * rows, which exercises the row loops and the per-variable norm over several rows.
 */
class OptimizerGoldenTest {

  @TestFactory
  Stream<DynamicTest> goldenCases() {
    List<GoldenCase> cases = GoldenCase.all("optimizer_");
    assertFalse(cases.isEmpty(), "no optimizer golden cases found");
    List<DynamicTest> tests = new ArrayList<>();
    for (GoldenCase c : cases) {
      tests.add(DynamicTest.dynamicTest(c.name, () -> run(c, c.shape("param"))));
      int n = c.data("param").length;
      if (n % 2 == 0) {
        tests.add(DynamicTest.dynamicTest(c.name + " as 2 rows", () -> run(c, new int[] {2, n / 2})));
      }
    }
    return tests.stream();
  }

  private static void run(GoldenCase c, int[] shape) {
    Optimizer opt = Optimizers.fromConfig(c.keras, c.config);
    Parameter p = new Parameter("case", "param", shape, true, null);
    p.set(c.data("param"));
    List<Parameter> params = List.of(p);
    for (int k = 1; c.has("grad_" + k); k++) {
      setGrad(p, c.data("grad_" + k));
      opt.apply(params);
      c.assertClose("param_" + k, p.toArray());
    }
  }

  static void setGrad(Parameter p, float[] g) {
    float[][] rows = p.grad();
    int cols = p.cols();
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(g, r * cols, rows[r], 0, cols);
    }
  }
}
