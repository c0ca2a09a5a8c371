package dev.kerac.runtime.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The fast scalar helpers against the JDK's (slower, fdlibm-accurate) functions. */
class ScalarHelpersTest {

  private static void assertRelative(double expected, double actual, double rtol, String what) {
    double err = expected == 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
    assertTrue(err <= rtol, what + " = " + actual + ", expected " + expected + " (relative error " + err + ")");
  }

  @Test
  void tanhMatchesMathTanh() {
    for (double x = -30; x <= 30; x += 0.001953125 * 1.37) {
      assertRelative(Math.tanh(x), Squashers.tanh(x), 1e-13, "tanh(" + x + ")");
    }
    for (double x = 1e-300; x < 1; x *= 1.7) {
      assertRelative(Math.tanh(x), Squashers.tanh(x), 1e-13, "tanh(" + x + ")");
      assertRelative(Math.tanh(-x), Squashers.tanh(-x), 1e-13, "tanh(" + -x + ")");
    }
    assertEquals(-0.0, Squashers.tanh(-0.0));
    assertEquals(1.0, Squashers.tanh(Double.POSITIVE_INFINITY));
    assertEquals(-1.0, Squashers.tanh(-Double.MAX_VALUE));
    assertTrue(Double.isNaN(Squashers.tanh(Double.NaN)));
  }

  @Test
  void softplusMatchesLog1pForm() {
    for (double x = -700; x <= 700; x += 0.0137) {
      double expected = Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
      assertRelative(expected, Squashers.softplus(x), 3e-13, "softplus(" + x + ")");
    }
    assertEquals(0.0, Squashers.softplus(-1e300));
    assertEquals(1e300, Squashers.softplus(1e300));
  }

  @Test
  void sigmoidMatchesDirectFormula() {
    for (double x = -700; x <= 700; x += 0.0137) {
      assertRelative(1 / (1 + Math.exp(-x)), Squashers.sigmoid(x), 1e-15, "sigmoid(" + x + ")");
    }
  }
}
