package dev.kerac.runtime.losses;

/**
 * Keras {@code CategoricalCrossentropy}: per position {@code -sum(y' log q)} over the last axis, with
 * labels smoothed to {@code y' = y (1 - s) + s / K} (K classes).
 *
 * <ul>
 *   <li>probabilities: {@code q = clip(p / sum(p), 1e-7, 1 - 1e-7)} (renormalized, then clipped); the
 *       gradient flows through the renormalization and is zero through an active clip:
 *       {@code dL/dp_j = -y'_j / p_j [j not clipped] + (sum of y' over unclipped classes) / sum(p)};
 *   <li>{@code fromLogits}: {@code q = log_softmax(z)}, no clipping.
 * </ul>
 *
 * <p>On probabilities it {@link #fusesWith fuses} with a {@code softmax} output: {@link #computeFused}
 * returns the same loss and the logits gradient {@code (p sum(y') - y') w / N}, i.e.
 * {@code (p - y') w / N} for labels that sum to one. Unlike the chain rule through the clip (JAX), it
 * keeps training confidently wrong outputs, as the TensorFlow backend does.
 *
 * <pre>{@code
 * Loss loss = Losses.categoricalCrossentropy(false, 0.1f);
 * double value = loss.computeFused(oneHot, softmaxOutput, null, batch, 10, dLogits);
 * }</pre>
 */
public final class CategoricalCrossentropy extends BaseLoss {
  private final boolean fromLogits;
  private final float labelSmoothing;

  CategoricalCrossentropy(String name, boolean fromLogits, float labelSmoothing) {
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
    return !fromLogits && "softmax".equals(outputActivation);
  }

  @Override
  double row(float[] y, float[] p, int positions, int lastAxis, int mode, float[] g, double scale) {
    double sum = 0.0;
    for (int pos = 0, o = 0; pos < positions; pos++, o += lastAxis) {
      sum += fromLogits
          ? logits(y, p, o, lastAxis, g, scale)
          : probabilities(y, p, o, lastAxis, g, scale, false);
    }
    return sum;
  }

  @Override
  double fusedRow(float[] y, float[] p, int positions, int lastAxis, float[] g, double scale) {
    if (!fusesWith("softmax")) {
      throw new IllegalStateException(name() + " with from_logits=true has no fused gradient");
    }
    double sum = 0.0;
    for (int pos = 0, o = 0; pos < positions; pos++, o += lastAxis) {
      sum += probabilities(y, p, o, lastAxis, g, scale, true);
    }
    return sum;
  }

  private double probabilities(
      float[] y, float[] p, int o, int k, float[] g, double scale, boolean fused) {
    double keep = 1.0 - labelSmoothing;
    double spread = (double) labelSmoothing / k;
    double total = 0.0;
    for (int j = o; j < o + k; j++) {
      total += p[j];
    }
    double inv = 1.0 / total;
    double loss = 0.0;
    double unclippedLabels = 0.0;
    double allLabels = 0.0;
    for (int j = o; j < o + k; j++) {
      double t = y[j] * keep + spread;
      double q = p[j] * inv;
      loss -= t * Math.log(clip(q, EPS, ONE_MINUS_EPS));
      allLabels += t;
      if (inside(q, EPS, ONE_MINUS_EPS)) {
        unclippedLabels += t;
      }
    }
    if (g != null) {
      if (fused) {
        for (int j = o; j < o + k; j++) {
          double t = y[j] * keep + spread;
          g[j] = (float) (scale * (p[j] * inv * allLabels - t));
        }
      } else {
        double shared = unclippedLabels * inv;
        for (int j = o; j < o + k; j++) {
          double t = y[j] * keep + spread;
          double own = inside(p[j] * inv, EPS, ONE_MINUS_EPS) ? -t / p[j] : 0.0;
          g[j] = (float) (scale * (own + shared));
        }
      }
    }
    return loss;
  }

  private double logits(float[] y, float[] z, int o, int k, float[] g, double scale) {
    double keep = 1.0 - labelSmoothing;
    double spread = (double) labelSmoothing / k;
    double max = Double.NEGATIVE_INFINITY;
    for (int j = o; j < o + k; j++) {
      max = Math.max(max, z[j]);
    }
    double sumExp = 0.0;
    for (int j = o; j < o + k; j++) {
      sumExp += Math.exp(z[j] - max);
    }
    double lse = max + Math.log(sumExp);
    double loss = 0.0;
    double labels = 0.0;
    for (int j = o; j < o + k; j++) {
      double t = y[j] * keep + spread;
      loss += t * (lse - z[j]);
      labels += t;
    }
    if (g != null) {
      for (int j = o; j < o + k; j++) {
        double t = y[j] * keep + spread;
        g[j] = (float) (scale * (Math.exp(z[j] - lse) * labels - t));
      }
    }
    return loss;
  }
}
