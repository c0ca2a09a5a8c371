package dev.kerac.runtime.losses;

/**
 * Keras {@code MeanAbsoluteError}: {@code mean(|y - p|)} over the last axis. The gradient at
 * {@code p == y} is 0.
 *
 * <pre>{@code
 * double loss = Losses.MEAN_ABSOLUTE_ERROR.compute(yTrue, yPred, null, batch, outputs, grad);
 * }</pre>
 */
public final class MeanAbsoluteError extends BaseLoss {

  MeanAbsoluteError(String name) {
    super(name);
  }

  @Override
  double row(float[] y, float[] p, int positions, int lastAxis, int mode, float[] g, double scale) {
    int len = p.length;
    double gs = scale / lastAxis;
    double sum = 0.0;
    for (int i = 0; i < len; i++) {
      double e = (double) p[i] - y[i];
      sum += Math.abs(e);
      if (g != null) {
        g[i] = (float) (gs * Math.signum(e));
      }
    }
    return sum / lastAxis;
  }
}
