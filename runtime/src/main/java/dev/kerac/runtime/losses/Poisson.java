package dev.kerac.runtime.losses;

/**
 * Keras {@code Poisson}: {@code mean(p - y * log(p + 1e-7))} over the last axis.
 *
 * <pre>{@code
 * double loss = Losses.POISSON.compute(counts, rates, null, batch, outputs, grad);
 * }</pre>
 */
public final class Poisson extends BaseLoss {

  Poisson(String name) {
    super(name);
  }

  @Override
  double row(float[] y, float[] p, int positions, int lastAxis, int mode, float[] g, double scale) {
    int len = p.length;
    double gs = scale / lastAxis;
    double sum = 0.0;
    for (int i = 0; i < len; i++) {
      double pe = (double) p[i] + EPS;
      sum += p[i] - y[i] * Math.log(pe);
      if (g != null) {
        g[i] = (float) (gs * (1.0 - y[i] / pe));
      }
    }
    return sum / lastAxis;
  }
}
