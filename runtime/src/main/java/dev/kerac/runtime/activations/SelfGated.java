package dev.kerac.runtime.activations;

/**
 * The self-gated functions {@code x * g(x)}: silu (swish), hard_silu (hard_swish), gelu (exact and
 * tanh approximation), mish. Computed in double, rounded once to float; the backward passes recompute
 * the gate from the input.
 */
final class SelfGated {
  private SelfGated() {}

  private static final double INV_SQRT2 = 0.70710678118654752440;
  private static final double INV_SQRT_2PI = 0.39894228040143267794;
  private static final double SQRT_2_OVER_PI = 0.79788456080286535588;
  private static final double GELU_CUBIC = 0.044715;

  /** {@code silu}: {@code x * sigmoid(x)}. */
  static final class Silu extends BaseActivation {
    Silu() {
      super("silu");
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      for (int i = 0; i < n; i++) {
        double x = z[i];
        y[i] = (float) (x * Squashers.sigmoid(x));
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      for (int i = 0; i < n; i++) {
        double x = z[i];
        double s = Squashers.sigmoid(x);
        dz[i] = (float) (dy[i] * s * (1.0 + x * (1.0 - s)));
      }
    }
  }

  /**
   * {@code hard_silu}: {@code x * relu6(x + 3)/6}. Derivative {@code (2x + 3)/6} inside (-3, 3), 0 below
   * and 1 above; at -3 it is 0 and at 3 it is 1 (JAX: the gate's derivative is 0 at its kinks).
   */
  static final class HardSilu extends BaseActivation {
    HardSilu() {
      super("hard_silu");
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      for (int i = 0; i < n; i++) {
        float x = z[i];
        y[i] = x * (Math.min(Math.max(x + 3f, 0f), 6f) / 6f);
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      for (int i = 0; i < n; i++) {
        float x = z[i];
        float gate = Math.min(Math.max(x + 3f, 0f), 6f) / 6f;
        float slope = x > -3f && x < 3f ? x / 6f : 0f;
        dz[i] = dy[i] * (gate + slope);
      }
    }
  }

  /** {@code gelu(approximate=False)}: {@code x * Phi(x)}, {@code Phi(x) = erfc(-x/sqrt(2))/2}. */
  static final class Gelu extends BaseActivation {
    Gelu() {
      super("gelu", "gelu(approximate=false)");
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      for (int i = 0; i < n; i++) {
        double x = z[i];
        // erfc keeps Phi's relative accuracy in the far negative tail, where 1 + erf cancels.
        y[i] = (float) (x * 0.5 * Erf.erfc(-x * INV_SQRT2));
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      for (int i = 0; i < n; i++) {
        double x = z[i];
        double cdf = 0.5 * Erf.erfc(-x * INV_SQRT2);
        double pdf = INV_SQRT_2PI * Math.exp(-0.5 * x * x);
        dz[i] = (float) (dy[i] * (cdf + x * pdf));
      }
    }
  }

  /**
   * {@code gelu(approximate=True)}: {@code x * (1 + tanh(u))/2}, {@code u = sqrt(2/pi)(x + 0.044715 x^3)},
   * using {@code (1 + tanh(u))/2 = sigmoid(2u)} so the negative tail does not cancel.
   */
  static final class GeluTanh extends BaseActivation {
    GeluTanh() {
      super("gelu", "gelu(approximate=true)");
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      for (int i = 0; i < n; i++) {
        double x = z[i];
        double u = SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x);
        y[i] = (float) (x * Squashers.sigmoid(2.0 * u));
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      for (int i = 0; i < n; i++) {
        double x = z[i];
        double u = SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x);
        double cdf = Squashers.sigmoid(2.0 * u);
        // d/dx sigmoid(2u) = 2 s (1 - s) u'.
        double du = SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_CUBIC * x * x);
        dz[i] = (float) (dy[i] * (cdf + x * 2.0 * cdf * (1.0 - cdf) * du));
      }
    }
  }

  /**
   * {@code mish}: {@code x * tanh(softplus(x))}, from one exponential: with {@code n = e^x} and
   * {@code p = n(n + 2)}, {@code tanh(softplus(x)) = p/(p + 2)} (no cancellation for any x; exactly 1
   * in double above x = 20) and its derivative {@code (1 - tanh^2) sigmoid(x) = 4(p + 1)/(p + 2)^2 * n/(1 + n)}.
   */
  static final class Mish extends BaseActivation {
    private static final double SATURATED = 20.0;

    Mish() {
      super("mish");
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      for (int i = 0; i < n; i++) {
        double x = z[i];
        double gate = 1.0;
        if (x <= SATURATED) {
          double e = Math.exp(x);
          double p = e * (e + 2.0);
          gate = p / (p + 2.0);
        }
        y[i] = (float) (x * gate);
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      for (int i = 0; i < n; i++) {
        double x = z[i];
        double g = 1.0;
        if (x <= SATURATED) {
          double e = Math.exp(x);
          double p = e * (e + 2.0);
          double q = p + 2.0;
          g = p / q + x * (4.0 * (p + 1.0) / (q * q)) * (e / (1.0 + e));
        }
        dz[i] = (float) (dy[i] * g);
      }
    }
  }
}
