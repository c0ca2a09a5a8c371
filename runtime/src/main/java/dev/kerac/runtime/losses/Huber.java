package dev.kerac.runtime.losses;

/**
 * Keras {@code Huber} ({@code huber_loss}): with {@code e = p - y}, {@code 0.5 e^2} where
 * {@code |e| <= delta}, else {@code delta |e| - 0.5 delta^2}; mean over the last axis.
 *
 * <pre>{@code
 * Loss loss = Losses.huber(0.5f);
 * }</pre>
 */
public final class Huber extends BaseLoss {
  private final double delta;

  Huber(String name, double delta) {
    super(name);
    this.delta = delta;
  }

  /** The threshold between the quadratic and the linear part. */
  public double delta() {
    return delta;
  }

  @Override
  double row(float[] y, float[] p, int positions, int lastAxis, int mode, float[] g, double scale) {
    int len = p.length;
    double gs = scale / lastAxis;
    double halfDeltaSq = 0.5 * delta * delta;
    double sum = 0.0;
    for (int i = 0; i < len; i++) {
      double e = (double) p[i] - y[i];
      double a = Math.abs(e);
      boolean quadratic = a <= delta;
      sum += quadratic ? 0.5 * e * e : delta * a - halfDeltaSq;
      if (g != null) {
        g[i] = (float) (gs * (quadratic ? e : delta * Math.signum(e)));
      }
    }
    return sum / lastAxis;
  }
}
