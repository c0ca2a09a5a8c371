package dev.kerac.runtime.activations;

/**
 * Smooth (or smoothed) rectifiers and the exponential: softplus, sparse_plus, squareplus, exponential.
 *
 * <p>sparse_plus's derivative at its joints (-1 and 1) is continuous (0 and 1).
 */
final class SmoothRectifiers {
  private SmoothRectifiers() {}

  /** {@code softplus}: {@code log(1 + e^x)}, as {@code max(x, 0) + log1p(e^-|x|)}. */
  static final class Softplus extends BaseActivation {
    Softplus() {
      super("softplus");
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      for (int i = 0; i < n; i++) {
        y[i] = (float) Squashers.softplus(z[i]);
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      for (int i = 0; i < n; i++) {
        dz[i] = (float) (dy[i] * Squashers.sigmoid(z[i]));
      }
    }
  }

  /** {@code sparse_plus}: 0 for {@code x <= -1}, {@code (x + 1)^2/4} inside, {@code x} for {@code x >= 1}. */
  static final class SparsePlus extends BaseActivation {
    SparsePlus() {
      super("sparse_plus");
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      for (int i = 0; i < n; i++) {
        float x = z[i];
        float q = x + 1f;
        y[i] = x <= -1f ? 0f : x < 1f ? 0.25f * (q * q) : x;
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      for (int i = 0; i < n; i++) {
        float x = z[i];
        float g = x <= -1f ? 0f : x < 1f ? 0.5f * (x + 1f) : 1f;
        dz[i] = g * dy[i];
      }
    }
  }

  /**
   * {@code squareplus}: {@code (x + sqrt(x^2 + b))/2}, in double; for {@code x < 0} as the equal
   * {@code b / (2 (sqrt(x^2 + b) - x))}, which does not cancel.
   */
  static final class Squareplus extends BaseActivation {
    private final double b;

    Squareplus(String description, float b) {
      super("squareplus", description);
      this.b = b;
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      double b = this.b;
      for (int i = 0; i < n; i++) {
        double x = z[i];
        double s = Math.sqrt(x * x + b);
        y[i] = (float) (x >= 0 ? 0.5 * (x + s) : b / (2.0 * (s - x)));
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      double b = this.b;
      for (int i = 0; i < n; i++) {
        double x = z[i];
        double s = Math.sqrt(x * x + b);
        // (1 + x/s)/2; for x < 0 rewritten as b/(2 s (s - x)). s == 0 only for x == 0, b == 0 (relu's kink).
        double g = x >= 0 ? (s == 0 ? 0.5 : 0.5 * (1.0 + x / s)) : b / (2.0 * s * (s - x));
        dz[i] = (float) (dy[i] * g);
      }
    }
  }

  /** {@code exponential}: {@code e^x}. */
  static final class Exponential extends BaseActivation {
    Exponential() {
      super("exponential");
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      for (int i = 0; i < n; i++) {
        y[i] = (float) Math.exp(z[i]);
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      for (int i = 0; i < n; i++) {
        dz[i] = dy[i] * y[i];
      }
    }
  }
}
