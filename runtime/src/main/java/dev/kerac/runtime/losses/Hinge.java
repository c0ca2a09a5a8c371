package dev.kerac.runtime.losses;

/**
 * Keras {@code Hinge}: {@code mean(max(1 - t * p, 0))} over the last axis. Labels are mapped from
 * {0, 1} to {-1, +1} ({@code t = 2y - 1}) only when every label of the batch is 0 or 1; otherwise
 * {@code t = y}.
 *
 * <pre>{@code
 * double loss = Losses.HINGE.compute(labels, scores, null, batch, outputs, grad);
 * }</pre>
 */
public final class Hinge extends BaseLoss {
  Hinge(String name) {
    super(name);
  }

  /** 1 when every label of the batch is 0 or 1 (Keras then maps them to -1 and +1). */
  static int binaryLabels(float[][] yTrue, int batch) {
    for (int r = 0; r < batch; r++) {
      float[] y = yTrue[r];
      for (int i = 0; i < y.length; i++) {
        if (y[i] != 0f && y[i] != 1f) {
          return 0;
        }
      }
    }
    return 1;
  }

  @Override
  int batchMode(float[][] yTrue, int batch) {
    return binaryLabels(yTrue, batch);
  }

  @Override
  double row(float[] y, float[] p, int positions, int lastAxis, int mode, float[] g, double scale) {
    return hingeRow(false, y, p, lastAxis, mode, g, scale);
  }

  /** Hinge or squared hinge of one row; {@code mode} 1 maps labels {0,1} to {-1,+1}. */
  static double hingeRow(
      boolean squared, float[] y, float[] p, int lastAxis, int mode, float[] g, double scale) {
    int len = p.length;
    double gs = scale / lastAxis;
    double sum = 0.0;
    for (int i = 0; i < len; i++) {
      double t = mode == 1 ? 2.0 * y[i] - 1.0 : y[i];
      double m = Math.max(1.0 - t * p[i], 0.0);
      sum += squared ? m * m : m;
      if (g != null) {
        g[i] = (float) (squared ? -2.0 * gs * t * m : (m > 0.0 ? -gs * t : 0.0));
      }
    }
    return sum / lastAxis;
  }
}
