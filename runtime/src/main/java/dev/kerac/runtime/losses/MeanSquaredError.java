package dev.kerac.runtime.losses;

/**
 * Keras {@code MeanSquaredError}: {@code mean((y - p)^2)} over the last axis.
 *
 * <pre>{@code
 * double loss = Losses.MEAN_SQUARED_ERROR.compute(yTrue, yPred, null, batch, outputs, grad);
 * }</pre>
 */
public final class MeanSquaredError extends BaseLoss {

  MeanSquaredError(String name) {
    super(name);
  }

  @Override
  double row(float[] y, float[] p, int positions, int lastAxis, int mode, float[] g, double scale) {
    int len = p.length;
    double gs = 2.0 * scale / lastAxis;
    double sum = 0.0;
    for (int i = 0; i < len; i++) {
      double e = (double) p[i] - y[i];
      sum += e * e;
      if (g != null) {
        g[i] = (float) (gs * e);
      }
    }
    return sum / lastAxis;
  }
}
