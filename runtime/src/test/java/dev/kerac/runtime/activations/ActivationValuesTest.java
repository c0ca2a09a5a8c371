package dev.kerac.runtime.activations;

import static dev.kerac.runtime.activations.ActivationFunctions.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Reference values (KERAS_SEMANTICS.md Appendix A, and independent closed forms / 40-digit mpmath for
 * the extremes), name resolution, argument checking, kink conventions and in-place use.
 */
class ActivationValuesTest {
  private static final float[] X = {-3f, -1f, -0.5f, 0f, 0.5f, 1f, 3f};

  /** Appendix A rounds to 6 decimals: allow that rounding plus the stated ~1e-5 relative. */
  private static void assertAppendix(String name, ActivationFunction f, double... expected) {
    float[] y = new float[X.length];
    f.forward(X, y, X.length);
    for (int i = 0; i < X.length; i++) {
      double budget = 1e-6 + 1e-5 * Math.abs(expected[i]);
      if (!(Math.abs(y[i] - expected[i]) <= budget)) {
        fail(name + "(" + X[i] + ") = " + y[i] + ", Appendix A gives " + expected[i]);
      }
    }
  }

  @Test
  void appendixA() {
    assertAppendix("relu", byName("relu", 7), 0, 0, 0, 0, 0.5, 1, 3);
    assertAppendix("sigmoid", sigmoid(), 0.047426, 0.268941, 0.377541, 0.5, 0.622459, 0.731059, 0.952574);
    assertAppendix("softplus", softplus(), 0.048587, 0.313262, 0.474077, 0.693147, 0.974077, 1.313262, 3.048587);
    assertAppendix("softsign", softsign(), -0.75, -0.5, -0.333333, 0, 0.333333, 0.5, 0.75);
    assertAppendix("elu", byName("elu", 7), -0.950213, -0.632121, -0.393469, 0, 0.5, 1, 3);
    assertAppendix("selu", selu(), -1.670569, -1.111331, -0.691758, 0, 0.525351, 1.050701, 3.152103);
    assertAppendix("gelu", byName("gelu", 7), -0.00405, -0.158655, -0.154269, 0, 0.345731, 0.841345, 2.99595);
    assertAppendix("gelu approx", gelu(true), -0.003637, -0.158808, -0.154286, 0, 0.345714, 0.841192, 2.996363);
    assertAppendix("silu", byName("swish", 7), -0.142278, -0.268941, -0.18877, 0, 0.31123, 0.731059, 2.857722);
    assertAppendix("hard_sigmoid", hardSigmoid(), 0, 0.333333, 0.416667, 0.5, 0.583333, 0.666667, 1);
    assertAppendix("hard_silu", byName("hard_swish", 7), 0, -0.333333, -0.208333, 0, 0.291667, 0.666667, 3);
    assertAppendix("mish", mish(), -0.145647, -0.303401, -0.220744, 0, 0.375245, 0.865098, 2.986536);
    assertAppendix("leaky_relu", byName("leaky_relu", 7), -0.6, -0.2, -0.1, 0, 0.5, 1, 3);
    assertAppendix("log_sigmoid", logSigmoid(), -3.048587, -1.313262, -0.974077, -0.693147, -0.474077, -0.313262,
        -0.048587);
    assertAppendix("squareplus", byName("squareplus", 7), 0.302776, 0.618034, 0.780776, 1, 1.280776, 1.618034,
        3.302776);
  }

  @Test
  void appendixAReluOptionsAndSoftmax() {
    float[] x = {-4, -3, -1, 0, 1, 3, 4};
    float[] y = new float[7];
    relu(0.1f, 3f, 1f).forward(x, y, 7);
    assertArrayEquals(new float[] {-0.5f, -0.4f, -0.2f, -0.1f, 0f, 3f, 3f}, y, 1e-6f);

    float[] p = new float[3];
    softmax(3).forward(new float[] {1, 2, 3}, p, 3);
    assertArrayEquals(new float[] {0.090031f, 0.244728f, 0.665241f}, p, 1e-6f);
  }

  private static float f1(ActivationFunction f, float x) {
    float[] y = new float[1];
    f.forward(new float[] {x}, y, 1);
    return y[0];
  }

  private static float d1(ActivationFunction f, float x) {
    float[] z = {x};
    float[] y = new float[1];
    float[] dz = new float[1];
    f.forward(z, y, 1);
    f.backward(z, y, new float[] {1f}, dz, 1);
    return dz[0];
  }

  private static void assertRel(double expected, double actual, double rtol, String what) {
    assertTrue(Math.abs(actual - expected) <= rtol * Math.abs(expected),
        what + " = " + actual + ", expected " + expected);
  }

  @Test
  void stableInTheTails() {
    // Expected values: 40-digit mpmath, or exact limits.
    assertRel(1.8048513878454152e-35, f1(sigmoid(), -80f), 1e-6, "sigmoid(-80)");
    assertEquals(1f, f1(sigmoid(), 100f));
    assertEquals(100f, f1(softplus(), 100f));
    assertRel(1.8048521895426171e-35, f1(softplus(), -80f), 1e-6, "softplus(-80)");
    assertEquals(0f, f1(softplus(), -1e30f));
    assertEquals(1e30f, f1(softplus(), 1e30f));
    assertEquals(-100f, f1(logSigmoid(), -100f));
    assertRel(-1.8048521895426171e-35, f1(logSigmoid(), 80f), 1e-6, "log_sigmoid(80)");
    assertRel(-1.4438811102763321e-33, f1(silu(), -80f), 1e-6, "silu(-80)");
    assertRel(-4.1223072406287614e-8, f1(mish(), -20f), 1e-6, "mish(-20)");
    assertRel(-7.6198530241605261e-23, f1(gelu(false), -10f), 1e-6, "gelu(-10)");
    assertRel(-7.6184000964648141e-22, d1(gelu(false), -10f), 1e-6, "gelu'(-10)");
    assertRel(-5.9195258702261888e-9, f1(gelu(false), -6f), 1e-6, "gelu(-6)");
    assertRel(-1.204092348209806e-37, f1(gelu(true), -10f), 1e-6, "gelu approx(-10)");
    // squareplus(x) = b/(2(sqrt(x^2+b) - x)) -> b/(4|x|) for x -> -inf; derivative -> b/(8 x^2).
    assertRel(1e-10, f1(squareplus(4f), -1e10f), 1e-6, "squareplus(-1e10)");
    assertRel(1e-20, d1(squareplus(4f), -1e10f), 1e-6, "squareplus'(-1e10)");
    assertRel(1e-20, f1(squareplus(4f), -1e20f), 1e-6, "squareplus(-1e20)");
    assertEquals(Float.POSITIVE_INFINITY, f1(exponential(), 100f), "exponential overflows like float32 exp");

    float[] ls = new float[3];
    logSoftmax(3).forward(new float[] {1000f, 0f, -1000f}, ls, 3);
    assertArrayEquals(new float[] {0f, -1000f, -2000f}, ls, 0f);
    float[] sm = new float[4];
    softmax(2).forward(new float[] {1000f, 1000f, -1000f, 0f}, sm, 4);
    assertArrayEquals(new float[] {0.5f, 0.5f, 0f, 1f}, sm, 0f);
  }

  @TestFactory
  List<DynamicTest> noNaNFromFiniteInputs() {
    float[] extremes = {-Float.MAX_VALUE, -1e30f, -100f, -1e-30f, 0f, 1e-30f, 100f, 1e30f, Float.MAX_VALUE};
    List<DynamicTest> tests = new ArrayList<>();
    for (Catalog.Spec s : Catalog.ALL) {
      tests.add(DynamicTest.dynamicTest(s.label(), () -> {
        ActivationFunction f = s.make().get();
        int n = s.axisSize() * extremes.length;
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
          // Each group mixes extremes (rotated per group, so every value meets every position).
          z[i] = extremes[(i + i / s.axisSize()) % extremes.length];
        }
        float[] y = new float[f.outputCount(n)];
        float[] dy = new float[y.length];
        java.util.Arrays.fill(dy, 1f);
        float[] dz = new float[n];
        f.forward(z, y, n);
        f.backward(z, y, dy, dz, n);
        for (int i = 0; i < y.length; i++) {
          assertFalse(Float.isNaN(y[i]), s + ": y[" + i + "] is NaN for z=" + z[i]);
        }
        for (int i = 0; i < n; i++) {
          assertFalse(Float.isNaN(dz[i]), s + ": dz[" + i + "] is NaN for z=" + z[i]);
        }
      }));
    }
    return tests;
  }

  @Test
  void namesResolveWithKerasFunctionDefaults() {
    for (String name : names()) {
      if (name.equals("threshold")) {
        continue;
      }
      ActivationFunction f = byName(name, 6);
      String canonical = switch (name) {
        case "swish" -> "silu";
        case "hard_swish" -> "hard_silu";
        default -> name;
      };
      assertEquals(canonical, f.kerasName());
    }
    assertEquals(-0.2f, f1(byName("leaky_relu", 1), -1f), 0f, "function default slope 0.2 (layer's is 0.3)");
    assertEquals(-0.00404969409f, f1(byName("gelu", 1), -3f), 1e-9f, "gelu defaults to the exact form");
    assertEquals(0f, f1(byName("soft_shrink", 1), 0.5f));
    assertEquals(0.5f, f1(byName("soft_shrink", 1), 1f));
    assertEquals(0f, f1(byName("hard_shrink", 1), 0.5f));
    assertEquals(0.6f, f1(byName("hard_shrink", 1), 0.6f));
    assertEquals(1f, f1(byName("squareplus", 1), 0f), "sqrt(4)/2");
    assertEquals(-0.63212055f, f1(byName("celu", 1), -1f), 1e-7f, "alpha 1");
    assertEquals(2.5f, f1(byName("relu", 1), 2.5f), "no max_value");
    assertEquals(0f, f1(byName("relu", 1), -2.5f), "no negative slope");
    assertEquals(5, byName("glu", 10).outputCount(10));
  }

  @Test
  void badNamesAndArguments() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> byName("rectifier", 1));
    assertTrue(unknown.getMessage().contains("rectifier") && unknown.getMessage().contains("sparsemax")
        && unknown.getMessage().contains("hard_swish"), unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> byName("ReLU", 1), "names are case-sensitive, as in Keras");
    assertThrows(IllegalArgumentException.class, () -> byName(null, 1));
    IllegalArgumentException thr = assertThrows(IllegalArgumentException.class, () -> byName("threshold", 1));
    assertTrue(thr.getMessage().contains("default_value"), thr.getMessage());

    assertThrows(IllegalArgumentException.class, () -> glu(5));
    assertThrows(IllegalArgumentException.class, () -> softmax(0));
    assertThrows(IllegalArgumentException.class, () -> byName("sparsemax", -1));
    assertThrows(IllegalArgumentException.class, () -> celu(0f));
    assertThrows(IllegalArgumentException.class, () -> squareplus(-1f));
    assertThrows(IllegalArgumentException.class, () -> relu(Float.NaN, Float.NaN, 0f));
    assertThrows(IllegalArgumentException.class, () -> relu(0f, -1f, 0f));
    assertThrows(IllegalArgumentException.class, () -> leakyRelu(Float.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> threshold(Float.NaN, 0f));
    IllegalArgumentException partial = assertThrows(IllegalArgumentException.class,
        () -> softmax(4).forward(new float[6], new float[6], 6));
    assertTrue(partial.getMessage().contains("n=6"), partial.getMessage());
  }

  @Test
  void kinkConventions() {
    // JAX: relu'(0) = 0, leaky_relu'(0) = 1; relu6' is 0 at both ends; hard_tanh' is 1 at +-1.
    assertEquals(0f, d1(relu(0f, Float.NaN, 0f), 0f));
    assertEquals(1f, d1(leakyRelu(0.2f), 0f));
    assertEquals(1f, d1(relu(0.2f, Float.NaN, 0f), 0f), "relu with only negative_slope is leaky_relu");
    assertEquals(0f, d1(relu6(), 0f));
    assertEquals(0f, d1(relu6(), 6f));
    assertEquals(0f, d1(relu(0.1f, 4.5f, 1.5f), 1.5f), "at the threshold both parts have derivative 0");
    assertEquals(1f, d1(hardTanh(), 1f));
    assertEquals(1f, d1(hardTanh(), -1f));
    assertEquals(0.5f, d1(elu(0.5f), 0f), "elu takes the lower branch at 0: alpha*e^0");
    assertEquals(0f, d1(threshold(0.5f, -1f), 0.5f));
    // relu with threshold jumps at the threshold (Keras: y = 0 at x <= t then x above it).
    assertEquals(0f, f1(relu(0f, Float.NaN, 1.5f), 1.5f));
    assertEquals(1.5001f, f1(relu(0f, Float.NaN, 1.5f), 1.5001f));
  }

  @TestFactory
  List<DynamicTest> inPlaceUse() {
    // forward with y == z and backward with dz == dy give the same numbers as separate arrays.
    List<DynamicTest> tests = new ArrayList<>();
    for (Catalog.Spec s : Catalog.ALL) {
      tests.add(DynamicTest.dynamicTest(s.label(), () -> {
        ActivationFunction f = s.make().get();
        int n = s.axisSize() * 4;
        java.util.Random rnd = new java.util.Random(42);
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
          z[i] = (float) (s.lo() + (s.hi() - s.lo()) * rnd.nextDouble());
        }
        int out = f.outputCount(n);
        float[] y = new float[out];
        f.forward(z, y, n);
        float[] inPlace = z.clone();
        f.forward(inPlace, inPlace, n);
        assertArrayEquals(y, java.util.Arrays.copyOf(inPlace, out), 0f, s + ": forward with y == z");

        float[] dy = new float[out];
        for (int i = 0; i < out; i++) {
          dy[i] = (float) rnd.nextGaussian();
        }
        float[] dz = new float[n];
        f.backward(z, y, dy, dz, n);
        float[] shared = java.util.Arrays.copyOf(dy, n);
        f.backward(z, y, shared, shared, n);
        assertArrayEquals(dz, shared, 0f, s + ": backward with dz == dy");
      }));
    }
    return tests;
  }
}
