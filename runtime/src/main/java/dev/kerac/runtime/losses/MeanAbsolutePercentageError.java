package dev.kerac.runtime.losses;

/**
 * Keras {@code MeanAbsolutePercentageError}: {@code 100 * mean(|y - p| / max(|y|, 1e-7))} over the
 * last axis. A zero target therefore contributes {@code 1e9 * |p|}, as in Keras.
 *
 * <pre>{@code
 * double loss = Losses.MEAN_ABSOLUTE_PERCENTAGE_ERROR.compute(yTrue, yPred, null, batch, outputs, grad);
 * }</pre>
 */
public final class MeanAbsolutePercentageError extends BaseLoss {

  MeanAbsolutePercentageError(String name) {
    super(name);
  }

  @Override
  double row(float[] y, float[] p, int positions, int lastAxis, int mode, float[] g, double scale) {
    int len = p.length;
    double gs = 100.0 * scale / lastAxis;
    double sum = 0.0;
    for (int i = 0; i < len; i++) {
      double e = (double) p[i] - y[i];
      double denom = Math.max(Math.abs((double) y[i]), EPS);
      sum += Math.abs(e) / denom;
      if (g != null) {
        g[i] = (float) (gs * Math.signum(e) / denom);
      }
    }
    return 100.0 * sum / lastAxis;
  }
}
