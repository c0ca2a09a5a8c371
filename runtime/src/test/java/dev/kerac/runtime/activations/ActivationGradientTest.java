package dev.kerac.runtime.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Finite-difference checks of every backward pass, independent of the golden files: the gradient of
 * {@code L = sum(dy * f(z))} (in double, from the float outputs) by a 4-point central stencil.
 * Inputs are multiples of 2^-10 and the step is 2^-7, so every perturbed input is exact in float.
 * Noise estimate: float rounding of L (~1e-7 relative) times 1.5/h ~ 2e-5 relative, far below the
 * 1e-3 tolerance; a wrong derivative formula is off by O(1).
 */
class ActivationGradientTest {
  private static final double H = 1.0 / 128;
  private static final double KINK_MARGIN = 0.05;
  private static final int GROUPS = 3;

  @Test
  void catalogCoversEveryFunction() {
    Set<String> covered = new TreeSet<>();
    for (Catalog.Spec s : Catalog.ALL) {
      covered.add(s.make().get().kerasName());
    }
    Set<String> expected = new TreeSet<>(ActivationFunctions.names());
    expected.remove("swish");
    expected.remove("hard_swish");
    assertEquals(expected, covered);
  }

  @TestFactory
  List<DynamicTest> finiteDifferences() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Catalog.Spec s : Catalog.ALL) {
      tests.add(DynamicTest.dynamicTest(s.label(), () -> check(s)));
    }
    return tests;
  }

  private static void check(Catalog.Spec spec) {
    ActivationFunction f = spec.make().get();
    boolean piecewiseLinearAxis = f instanceof Sparsemax;
    int n = spec.axisSize() * GROUPS;
    Random rnd = new Random(spec.label().hashCode());
    float[] z = new float[n];
    for (int i = 0; i < n; i++) {
      z[i] = awayFromKinks(rnd, spec);
    }
    int outN = f.outputCount(n);
    float[] dy = new float[outN];
    for (int i = 0; i < outN; i++) {
      dy[i] = (float) (2 * rnd.nextDouble() - 1);
    }
    float[] y = new float[outN];
    float[] dz = new float[n];
    f.forward(z, y, n);
    f.backward(z, y, dy, dz, n);

    float[] zp = z.clone();
    float[] yp = new float[outN];
    int checked = 0;
    double largest = 0;
    for (int i = 0; i < n; i++) {
      double[] l = new double[5];
      for (int k = -2; k <= 2; k++) {
        zp[i] = (float) (z[i] + k * H);
        assertEquals(z[i] + k * H, zp[i], 0.0, "perturbed input must be exact in float");
        f.forward(zp, yp, n);
        l[k + 2] = dot(dy, yp);
      }
      zp[i] = z[i];
      if (piecewiseLinearAxis) {
        // Skip elements with a kink (support change) within 2h: the four slopes must agree.
        double s0 = (l[1] - l[0]) / H;
        double s1 = (l[2] - l[1]) / H;
        double s2 = (l[3] - l[2]) / H;
        double s3 = (l[4] - l[3]) / H;
        double spread = Math.max(Math.max(s0, s1), Math.max(s2, s3)) - Math.min(Math.min(s0, s1), Math.min(s2, s3));
        if (spread > 1e-3) {
          continue;
        }
      }
      double fd = (-l[4] + 8 * l[3] - 8 * l[1] + l[0]) / (12 * H);
      double g = dz[i];
      if (!(Math.abs(fd - g) <= 1e-3 * (1 + Math.abs(fd)))) {
        fail(spec + ": dz[" + i + "] at z=" + z[i] + " is " + g + ", finite differences give " + fd);
      }
      checked++;
      largest = Math.max(largest, Math.abs(g));
    }
    assertTrue(checked >= n / 2, spec + ": only " + checked + " of " + n + " elements away from kinks");
    assertTrue(largest > 0.05, spec + ": the checked gradients are all ~0 (" + largest + "), test is vacuous");
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  /** A multiple of 2^-10 in [lo, hi], at least KINK_MARGIN from every kink. */
  private static float awayFromKinks(Random rnd, Catalog.Spec spec) {
    while (true) {
      double x = spec.lo() + (spec.hi() - spec.lo()) * rnd.nextDouble();
      x = Math.rint(x * 1024) / 1024;
      boolean ok = true;
      for (double k : spec.kinks()) {
        if (Math.abs(x - k) < KINK_MARGIN) {
          ok = false;
        }
      }
      if (ok) {
        return (float) x;
      }
    }
  }
}
