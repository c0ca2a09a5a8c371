package dev.kerac.runtime.losses;

/**
 * Keras {@code KLDivergence}: {@code sum(y' * log(y' / p'))} over the last axis (a sum, not a mean),
 * with {@code y' = clip(y, 1e-7, 1)} and {@code p' = clip(p, 1e-7, 1)}. Clipped predictions get no
 * gradient.
 *
 * <pre>{@code
 * double loss = Losses.KL_DIVERGENCE.compute(targetDistributions, probs, null, batch, classes, grad);
 * }</pre>
 */
public final class KLDivergence extends BaseLoss {

  KLDivergence(String name) {
    super(name);
  }

  @Override
  double row(float[] y, float[] p, int positions, int lastAxis, int mode, float[] g, double scale) {
    int len = p.length;
    double sum = 0.0;
    for (int i = 0; i < len; i++) {
      double t = clip(y[i], EPS, 1.0);
      double q = clip(p[i], EPS, 1.0);
      sum += t * Math.log(t / q);
      if (g != null) {
        g[i] = inside(p[i], EPS, 1.0) ? (float) (-scale * t / q) : 0f;
      }
    }
    return sum;
  }
}
