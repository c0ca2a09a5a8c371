package dev.kerac.runtime.losses;

/**
 * Keras {@code LogCosh}: {@code mean(log(cosh(p - y)))} over the last axis, computed in the stable
 * form {@code |e| + log1p(exp(-2|e|)) - log 2}. Its gradient is {@code tanh(p - y)}.
 *
 * <pre>{@code
 * double loss = Losses.LOG_COSH.compute(yTrue, yPred, null, batch, outputs, grad);
 * }</pre>
 */
public final class LogCosh extends BaseLoss {

  LogCosh(String name) {
    super(name);
  }

  @Override
  double row(float[] y, float[] p, int positions, int lastAxis, int mode, float[] g, double scale) {
    int len = p.length;
    double gs = scale / lastAxis;
    double sum = 0.0;
    for (int i = 0; i < len; i++) {
      double e = (double) p[i] - y[i];
      double a = Math.abs(e);
      sum += a + Math.log1p(Math.exp(-2.0 * a)) - LN2;
      if (g != null) {
        g[i] = (float) (gs * Math.tanh(e));
      }
    }
    return sum / lastAxis;
  }
}
