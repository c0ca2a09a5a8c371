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

  /** {@code log(1 + e^x)} as {@code max(x, 0) + log1p(e^-|x|)}. */
  static double softplus(double x) {
    return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
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
        y[i] = (float) Math.tanh(z[i]);
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
