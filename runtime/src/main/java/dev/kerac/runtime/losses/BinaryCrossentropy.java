package dev.kerac.runtime.losses;

/**
 * Keras {@code BinaryCrossentropy}, mean over the last axis, labels smoothed to
 * {@code y' = y (1 - s) + 0.5 s}.
 *
 * <ul>
 *   <li>probabilities: {@code p = clip(yPred, 1e-7, 1 - 1e-7)},
 *       {@code -(y' log p + (1 - y') log(1 - p))}; no gradient where the clip is active;
 *   <li>{@code fromLogits}: {@code y' softplus(-z) + (1 - y') softplus(z)}, no clipping.
 * </ul>
 *
 * <p>On probabilities it {@link #fusesWith fuses} with a {@code sigmoid} output: {@link #computeFused}
 * returns the same loss and the logits gradient {@code (p - y') w / (N lastAxis)}, which, unlike the
 * chain rule through the clip, keeps training saturated outputs (as the TensorFlow backend does).
 *
 * <pre>{@code
 * Loss loss = Losses.binaryCrossentropy(false, 0.1f);
 * }</pre>
 */
public final class BinaryCrossentropy extends BaseLoss {
  private final boolean fromLogits;
  private final float labelSmoothing;

  BinaryCrossentropy(String name, boolean fromLogits, float labelSmoothing) {
    super(name);
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
  }

  public boolean fromLogits() {
    return fromLogits;
  }

  public float labelSmoothing() {
    return labelSmoothing;
  }

  @Override
  public boolean fusesWith(String outputActivation) {
    return !fromLogits && "sigmoid".equals(outputActivation);
  }

  @Override
  double row(float[] y, float[] p, int positions, int lastAxis, int mode, float[] g, double scale) {
    int len = p.length;
    double s = labelSmoothing;
    double gs = scale / lastAxis;
    double sum = 0.0;
    if (fromLogits) {
      for (int i = 0; i < len; i++) {
        double t = y[i] * (1.0 - s) + 0.5 * s;
        double z = p[i];
        sum += t * softplus(-z) + (1.0 - t) * softplus(z);
        if (g != null) {
          g[i] = (float) (gs * (sigmoid(z) - t));
        }
      }
    } else {
      for (int i = 0; i < len; i++) {
        double t = y[i] * (1.0 - s) + 0.5 * s;
        double q = clip(p[i], EPS, ONE_MINUS_EPS);
        sum -= t * Math.log(q) + (1.0 - t) * Math.log(1.0 - q);
        if (g != null) {
          g[i] = inside(p[i], EPS, ONE_MINUS_EPS) ? (float) (gs * (q - t) / (q * (1.0 - q))) : 0f;
        }
      }
    }
    return sum / lastAxis;
  }

  @Override
  double fusedRow(float[] y, float[] p, int positions, int lastAxis, float[] g, double scale) {
    if (!fusesWith("sigmoid")) {
      throw new IllegalStateException(name() + " with from_logits=true has no fused gradient");
    }
    int len = p.length;
    double s = labelSmoothing;
    double gs = scale / lastAxis;
    double sum = 0.0;
    for (int i = 0; i < len; i++) {
      double t = y[i] * (1.0 - s) + 0.5 * s;
      double q = clip(p[i], EPS, ONE_MINUS_EPS);
      sum -= t * Math.log(q) + (1.0 - t) * Math.log(1.0 - q);
      if (g != null) {
        g[i] = (float) (gs * (p[i] - t));
      }
    }
    return sum / lastAxis;
  }
}
