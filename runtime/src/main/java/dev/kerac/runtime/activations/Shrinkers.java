package dev.kerac.runtime.activations;

/**
 * The shrinkage functions: soft_shrink, hard_shrink, tanh_shrink. Derivatives at the thresholds are 0.
 */
final class Shrinkers {
  private Shrinkers() {}

  /** {@code soft_shrink}: {@code x - t} if {@code x > t}, {@code x + t} if {@code x < -t}, else 0. */
  static final class SoftShrink extends BaseActivation {
    private final float threshold;

    SoftShrink(String description, float threshold) {
      super("soft_shrink", description);
      this.threshold = threshold;
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      float t = threshold;
      for (int i = 0; i < n; i++) {
        float x = z[i];
        y[i] = x > t ? x - t : x < -t ? x + t : 0f;
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      float t = threshold;
      for (int i = 0; i < n; i++) {
        float x = z[i];
        dz[i] = x > t || x < -t ? dy[i] : 0f;
      }
    }
  }

  /** {@code hard_shrink}: {@code x} if {@code |x| > t}, else 0. */
  static final class HardShrink extends BaseActivation {
    private final float threshold;

    HardShrink(String description, float threshold) {
      super("hard_shrink", description);
      this.threshold = threshold;
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      float t = threshold;
      for (int i = 0; i < n; i++) {
        float x = z[i];
        y[i] = Math.abs(x) > t ? x : 0f;
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      float t = threshold;
      for (int i = 0; i < n; i++) {
        dz[i] = Math.abs(z[i]) > t ? dy[i] : 0f;
      }
    }
  }

  /** {@code tanh_shrink}: {@code x - tanh(x)}; derivative {@code tanh(x)^2}, recomputed from the input. */
  static final class TanhShrink extends BaseActivation {
    TanhShrink() {
      super("tanh_shrink");
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      for (int i = 0; i < n; i++) {
        double x = z[i];
        y[i] = (float) (x - Squashers.tanh(x));
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      for (int i = 0; i < n; i++) {
        double t = Squashers.tanh(z[i]);
        dz[i] = (float) (dy[i] * t * t);
      }
    }
  }
}
