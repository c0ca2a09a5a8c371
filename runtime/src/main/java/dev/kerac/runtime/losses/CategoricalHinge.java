package dev.kerac.runtime.losses;

/**
 * Keras {@code CategoricalHinge}: per position, {@code max(neg - pos + 1, 0)} with
 * {@code pos = sum(y * p)} and {@code neg = max((1 - y) * p)} over the last axis. Where several
 * classes share the maximum, the gradient of the max is split equally among them (as JAX does).
 *
 * <pre>{@code
 * double loss = Losses.CATEGORICAL_HINGE.compute(oneHot, scores, null, batch, classes, grad);
 * }</pre>
 */
public final class CategoricalHinge extends BaseLoss {

  CategoricalHinge(String name) {
    super(name);
  }

  @Override
  double row(float[] y, float[] p, int positions, int lastAxis, int mode, float[] g, double scale) {
    double sum = 0.0;
    for (int pos = 0, o = 0; pos < positions; pos++, o += lastAxis) {
      double dot = 0.0;
      double neg = Double.NEGATIVE_INFINITY;
      for (int j = o; j < o + lastAxis; j++) {
        dot += (double) y[j] * p[j];
        neg = Math.max(neg, (1.0 - y[j]) * p[j]);
      }
      double v = neg - dot + 1.0;
      boolean active = v > 0.0;
      sum += active ? v : 0.0;
      if (g != null) {
        int ties = 0;
        for (int j = o; j < o + lastAxis; j++) {
          if ((1.0 - y[j]) * p[j] == neg) {
            ties++;
          }
        }
        for (int j = o; j < o + lastAxis; j++) {
          double d = -y[j];
          if ((1.0 - y[j]) * p[j] == neg) {
            d += (1.0 - y[j]) / ties;
          }
          g[j] = active ? (float) (scale * d) : 0f;
        }
      }
    }
    return sum;
  }
}
