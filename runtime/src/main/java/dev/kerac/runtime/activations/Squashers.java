package dev.kerac.runtime.activations;

/**
 * The bounded, S-shaped functions: sigmoid, hard_sigmoid, log_sigmoid (bounded above), sparse_sigmoid,
 * tanh, hard_tanh, softsign; and the stable scalar helpers the other families share.
 *
 * <p>Derivatives at kinks (JAX conventions): hard_sigmoid 0 at -3 and 3; sparse_sigmoid 0 at -1 and 1;
 * hard_tanh 1 at -1 and 1.
 */
final class Squashers {
  private Squashers() {}

  /** {@code 1/(1 + e^-x)} without overflow: the exponent is never positive. */
  static double sigmoid(double x) {
    double e = Math.exp(-Math.abs(x));
    double r = 1.0 / (1.0 + e);
    return x >= 0 ? r : e * r;
  }

  /**
   * {@code log(1 + e^x)} as {@code max(x, 0) + log1p(e^-|x|)}. JDK 17's {@code log1p} is not an
   * intrinsic, so for {@code e = e^-|x| < 1e-3} the series {@code e - e^2/2 + e^3/3 - e^4/4} is used
   * (truncation below 2e-13 relative) and {@code log(1 + e)} otherwise (rounding {@code 1 + e} costs
   * below 1.2e-13 relative, as {@code log1p(e) >= 1e-3}): relative error below 3e-13 either way.
   */
  static double softplus(double x) {
    double e = Math.exp(-Math.abs(x));
    double log1p = e < 1e-3 ? e * (1.0 - e * (0.5 - e * (1.0 / 3 - e * 0.25))) : Math.log(1.0 + e);
    // A compare, not Math.max(double, double): the latter measured 2x slower here on JDK 17.
    return (x > 0 ? x : 0.0) + log1p;
  }

  /**
   * {@code tanh(x)} from the {@code exp} intrinsic ({@code Math.tanh} is not one on JDK 17 and measured
   * about 4x slower): {@code (1 - e)/(1 + e)}, {@code e = e^-2|x|}, with the sign restored; below
   * {@code |x| = 2^-10}, where {@code 1 - e} would lose digits, the series {@code x - x^3/3 + 2x^5/15}.
   * Relative error below 1e-13.
   */
  static double tanh(double x) {
    double a = Math.abs(x);
    double t;
    if (a < 0x1p-10) {
      double a2 = a * a;
      t = a * (1.0 - a2 * (1.0 / 3 - a2 * (2.0 / 15)));
    } else {
      double e = Math.exp(-2.0 * a);
      t = (1.0 - e) / (1.0 + e);
    }
    return Math.copySign(t, x);
  }

  /** {@code sigmoid}. */
  static final class Sigmoid extends BaseActivation {
    Sigmoid() {
      super("sigmoid");
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      for (int i = 0; i < n; i++) {
        y[i] = (float) sigmoid(z[i]);
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      for (int i = 0; i < n; i++) {
        float s = y[i];
        dz[i] = dy[i] * s * (1f - s);
      }
    }
  }

  /** {@code hard_sigmoid}: {@code relu6(x + 3) / 6}. */
  static final class HardSigmoid extends BaseActivation {
    HardSigmoid() {
      super("hard_sigmoid");
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      for (int i = 0; i < n; i++) {
        y[i] = Math.min(Math.max(z[i] + 3f, 0f), 6f) / 6f;
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      for (int i = 0; i < n; i++) {
        float x = z[i];
        dz[i] = x > -3f && x < 3f ? dy[i] / 6f : 0f;
      }
    }
  }

  /** {@code log_sigmoid}: {@code -softplus(-x)} = {@code min(x, 0) - log1p(e^-|x|)}. */
  static final class LogSigmoid extends BaseActivation {
    LogSigmoid() {
      super("log_sigmoid");
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      for (int i = 0; i < n; i++) {
        y[i] = (float) -softplus(-z[i]);
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      for (int i = 0; i < n; i++) {
        dz[i] = (float) (dy[i] * sigmoid(-z[i]));
      }
    }
  }

  /** {@code sparse_sigmoid}: 0 for {@code x <= -1}, 1 for {@code x >= 1}, else {@code (x + 1)/2}. */
  static final class SparseSigmoid extends BaseActivation {
    SparseSigmoid() {
      super("sparse_sigmoid");
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      for (int i = 0; i < n; i++) {
        y[i] = Math.min(Math.max(0.5f * (z[i] + 1f), 0f), 1f);
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      for (int i = 0; i < n; i++) {
        float x = z[i];
        dz[i] = x > -1f && x < 1f ? 0.5f * dy[i] : 0f;
      }
    }
  }

  /** {@code tanh}. */
  static final class Tanh extends BaseActivation {
    Tanh() {
      super("tanh");
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      for (int i = 0; i < n; i++) {
        y[i] = (float) tanh(z[i]);
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      for (int i = 0; i < n; i++) {
        float t = y[i];
        dz[i] = dy[i] * (1f - t * t);
      }
    }
  }

  /** {@code hard_tanh}: {@code clip(x, -1, 1)}. */
  static final class HardTanh extends BaseActivation {
    HardTanh() {
      super("hard_tanh");
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      for (int i = 0; i < n; i++) {
        y[i] = Math.min(Math.max(z[i], -1f), 1f);
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      for (int i = 0; i < n; i++) {
        float x = z[i];
        dz[i] = x >= -1f && x <= 1f ? dy[i] : 0f;
      }
    }
  }

  /** {@code softsign}: {@code x / (1 + |x|)}. */
  static final class Softsign extends BaseActivation {
    Softsign() {
      super("softsign");
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      for (int i = 0; i < n; i++) {
        float x = z[i];
        y[i] = x / (1f + Math.abs(x));
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      for (int i = 0; i < n; i++) {
        float d = 1f + Math.abs(z[i]);
        dz[i] = dy[i] / (d * d);
      }
    }
  }
}
