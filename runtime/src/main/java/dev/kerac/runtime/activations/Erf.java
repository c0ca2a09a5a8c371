package dev.kerac.runtime.activations;

/**
 * The error function in double precision (Java has none), for the exact GELU. Measured against
 * 50-digit references on 4000 points in [-27, 27]: erf within 3e-16 relative, erfc within 1e-13
 * relative (for large arguments the rounding of {@code z*z} inside {@code exp(-z*z)} dominates).
 *
 * <p>{@code |x| < 1}: the Maclaurin series {@code erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))},
 * 18 terms (the first omitted one is below 5e-18). {@code |x| >= 1}: {@code erfc(z) = exp(-z^2) *
 * erfcx(z)}, where the smooth scaled function {@code erfcx} is a 22-term Chebyshev series in
 * {@code s = (4t - 1)/3}, {@code t = (z - 3)/(z + 3)} (maps {@code z} in [1, inf) onto s in [-1, 1]);
 * the coefficients were fitted for this class at Chebyshev nodes of {@code erfcx} evaluated with
 * 40-digit arithmetic (mpmath).
 *
 * <pre>{@code
 * double phi = 0.5 * Erf.erfc(-x / Math.sqrt(2));   // standard normal CDF, accurate in the far tail
 * }</pre>
 */
final class Erf {

  private static final double TWO_OVER_SQRT_PI = 1.1283791670955125739;

  /** Maclaurin coefficients of erf(x)/x in powers of x^2. */
  private static final double[] SERIES = new double[18];

  static {
    double factorial = 1;
    for (int k = 0; k < SERIES.length; k++) {
      if (k > 0) {
        factorial *= k;
      }
      double c = TWO_OVER_SQRT_PI / (factorial * (2 * k + 1));
      SERIES[k] = (k & 1) == 0 ? c : -c;
    }
  }

  /** Chebyshev coefficients of erfcx(z) for z >= 1 (see the class comment for the variable). */
  private static final double[] ERFCX = {
    0.16030782168013577,
    -0.20248368350212123,
    0.05152037301577461,
    -0.011044817039448143,
    0.001940661027236712,
    -0.00026305237656550323,
    2.320082286685405e-05,
    -2.674122228955668e-07,
    -2.698235597618644e-07,
    3.293601879636265e-08,
    1.3348627906379942e-09,
    -6.965402129676096e-10,
    2.163947580200648e-11,
    1.324104198534484e-11,
    -1.0858490940440946e-12,
    -2.716491479516023e-13,
    3.383474818226137e-14,
    6.479835658997927e-15,
    -9.66810407384418e-16,
    -1.8377022518077007e-16,
    2.6753933134154895e-17,
    6.0409698802994015e-18,
  };

  /** Beyond this, erfc(z) underflows double (exp(-27^2) ~ 1e-317). */
  private static final double UNDERFLOW = 27.0;

  private Erf() {}

  /** {@code erf(x)}. */
  static double erf(double x) {
    double z = Math.abs(x);
    if (z < 1.0) {
      return series(x);
    }
    double r = 1.0 - erfcAtLeastOne(z);
    return x < 0 ? -r : r;
  }

  /** {@code erfc(x) = 1 - erf(x)}, without cancellation for large positive {@code x}. */
  static double erfc(double x) {
    double z = Math.abs(x);
    if (z < 1.0) {
      return 1.0 - series(x);
    }
    double r = erfcAtLeastOne(z);
    return x < 0 ? 2.0 - r : r;
  }

  private static double series(double x) {
    double x2 = x * x;
    double p = SERIES[SERIES.length - 1];
    for (int k = SERIES.length - 2; k >= 0; k--) {
      p = p * x2 + SERIES[k];
    }
    return x * p;
  }

  /** erfc(z) for z >= 1 (or NaN). */
  private static double erfcAtLeastOne(double z) {
    if (z > UNDERFLOW) {
      return 0.0;
    }
    double t = (z - 3.0) / (z + 3.0);
    double s = (4.0 * t - 1.0) / 3.0;
    // Clenshaw recurrence for sum c_j T_j(s).
    double b1 = 0;
    double b2 = 0;
    for (int j = ERFCX.length - 1; j >= 1; j--) {
      double b0 = 2.0 * s * b1 - b2 + ERFCX[j];
      b2 = b1;
      b1 = b0;
    }
    double erfcx = s * b1 - b2 + ERFCX[0];
    return Math.exp(-z * z) * erfcx;
  }
}
