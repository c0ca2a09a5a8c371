package dev.kerac.runtime.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kerac.runtime.testing.GoldenCase;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every {@code regularizer_*} golden case (penalty and its gradient), plus defaults and misuse. */
class RegularizerGoldenTest {

  private static Regularizer fromCase(GoldenCase c) {
    return switch (c.keras) {
      case "L1" -> Regularizers.l1(c.configDouble("l1", 0.01));
      case "L2" -> Regularizers.l2(c.configDouble("l2", 0.01));
      case "L1L2" -> Regularizers.l1l2(c.configDouble("l1", 0.0), c.configDouble("l2", 0.0));
      default -> throw new IllegalArgumentException(c.file + ": unknown regularizer " + c.keras);
    };
  }

  @TestFactory
  Stream<DynamicTest> goldenCases() {
    List<GoldenCase> cases = GoldenCase.all("regularizer_");
    assertFalse(cases.isEmpty(), "no regularizer golden cases found");
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name, () -> {
      Regularizer reg = fromCase(c);
      float[][] w = c.rows("kernel");
      c.assertClose("penalty", new float[] {(float) reg.penalty(w)});
      float[][] grad = new float[w.length][w[0].length];
      reg.addGradient(w, grad);
      c.assertClose("dkernel", GoldenCase.flat(grad, grad.length));
      // addGradient adds to what is there (the loss gradient).
      float[][] ones = new float[w.length][w[0].length];
      for (float[] row : ones) {
        java.util.Arrays.fill(row, 1f);
      }
      reg.addGradient(w, ones);
      double[] expected = c.dataDouble("dkernel");
      for (int k = 0; k < expected.length; k++) {
        expected[k] += 1;
      }
      c.assertClose("1 + dkernel", expected, GoldenCase.flat(ones, ones.length), c.rtol, c.atol);
    }));
  }

  @Test
  void kerasDefaultsAndNames() {
    float[][] w = {{1f, -2f}, {0f, 3f}};
    assertEquals(0.01 * 6, Regularizers.byName("l1").penalty(w), 1e-12);
    assertEquals(0.01 * 14, Regularizers.byName("L2").penalty(w), 1e-12); // no 1/2 factor
    assertEquals(0.0, Regularizers.byName("l1_l2").penalty(w), 0);
    assertEquals(new L1L2(0, 0), Regularizers.byName("L1L2"));
    float[][] g = new float[2][2];
    Regularizers.l1(0.5).addGradient(w, g);
    assertEquals(0f, g[1][0], 0f); // sign(0) = 0
    assertEquals(-0.5f, g[0][1], 0f);
    assertThrows(IllegalArgumentException.class, () -> Regularizers.l2(-1));
    assertThrows(IllegalArgumentException.class, () -> Regularizers.l1(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Regularizers.byName("l3"));
  }
}
