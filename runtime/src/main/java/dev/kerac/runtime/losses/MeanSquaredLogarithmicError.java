package dev.kerac.runtime.losses;

/**
 * Keras {@code MeanSquaredLogarithmicError}:
 * {@code mean((log(max(p, 1e-7) + 1) - log(max(y, 1e-7) + 1))^2)} over the last axis. Predictions
 * below 1e-7 are clipped and get no gradient.
 *
 * <pre>{@code
 * double loss = Losses.MEAN_SQUARED_LOGARITHMIC_ERROR.compute(yTrue, yPred, null, batch, outputs, grad);
 * }</pre>
 */
public final class MeanSquaredLogarithmicError extends BaseLoss {

  MeanSquaredLogarithmicError(String name) {
    super(name);
  }

  @Override
  double row(float[] y, float[] p, int positions, int lastAxis, int mode, float[] g, double scale) {
    int len = p.length;
    double gs = 2.0 * scale / lastAxis;
    double sum = 0.0;
    for (int i = 0; i < len; i++) {
      double pc = Math.max((double) p[i], EPS);
      double d = Math.log(pc + 1.0) - Math.log(Math.max((double) y[i], EPS) + 1.0);
      sum += d * d;
      if (g != null) {
        g[i] = p[i] >= EPS ? (float) (gs * d / (pc + 1.0)) : 0f;
      }
    }
    return sum / lastAxis;
  }
}
