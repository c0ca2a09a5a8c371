package dev.kerac.runtime.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The double erf/erfc against 40-digit references (mpmath), relative error below 1e-14. */
class ErfTest {
  /** {x, erf(x), erfc(x)}. */
  private static final double[][] REFERENCE = {
      {0.0, 0.0, 1.0},
      {1e-08, 1.1283791670955126e-8, 0.99999998871620833},
      {0.1, 1.124629160182849e-1, 0.8875370839817151},
      {0.5, 5.2049987781304654e-1, 0.47950012218695346},
      {0.9, 7.9690821242283214e-1, 0.20309178757716786},
      {0.999, 8.4228527020649694e-1, 0.15771472979350306},
      {1.0, 8.4270079294971487e-1, 0.15729920705028513},
      {1.5, 9.6610514647531073e-1, 0.033894853524689273},
      {2.0, 9.9532226501895273e-1, 0.0046777349810472658},
      {3.0, 9.9997790950300141e-1, 2.2090496998585441e-5},
      {4.5, 9.9999999980338396e-1, 1.9661604415428875e-10},
      {6.0, 9.9999999999999998e-1, 2.1519736712498913e-17},
      {9.0, 1.0, 4.1370317465138102e-37},
      {13.0, 1.0, 1.7395573154667245e-75},
      {26.0, 1.0, 5.6631924088561428e-296},
      {-0.3, -3.2862675945912742e-1, 1.3286267594591274},
      {-1.2, -9.1031397822963537e-1, 1.9103139782296354},
      {-5.0, -9.9999999999846254e-1, 1.9999999999984625},
  };

  @Test
  void matchesReferenceValues() {
    for (double[] r : REFERENCE) {
      assertRelative(r[1], Erf.erf(r[0]), "erf(" + r[0] + ")");
      assertRelative(r[2], Erf.erfc(r[0]), "erfc(" + r[0] + ")");
    }
  }

  @Test
  void isOddAndContinuousAtTheSeriesBoundary() {
    for (double x = 0.05; x < 8; x += 0.37) {
      assertEquals(-Erf.erf(x), Erf.erf(-x), 0.0);
    }
    double below = Erf.erf(Math.nextDown(1.0));
    double at = Erf.erf(1.0);
    assertTrue(Math.abs(at - below) < 1e-15, "jump at 1: " + (at - below));
  }

  @Test
  void limits() {
    assertEquals(1.0, Erf.erf(Double.POSITIVE_INFINITY));
    assertEquals(-1.0, Erf.erf(Double.NEGATIVE_INFINITY));
    assertEquals(0.0, Erf.erfc(Double.POSITIVE_INFINITY));
    assertEquals(2.0, Erf.erfc(Double.NEGATIVE_INFINITY));
    assertEquals(0.0, Erf.erfc(40));
    assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
    assertTrue(Double.isNaN(Erf.erfc(Double.NaN)));
  }

  private static void assertRelative(double expected, double actual, String what) {
    double err = expected == 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
    assertTrue(err < 1e-14, what + " = " + actual + ", expected " + expected + " (relative error " + err + ")");
  }
}
