package dev.kerac.runtime.losses;

/**
 * Keras {@code SparseCategoricalCrossentropy}: categorical crossentropy against {@code one_hot(id)},
 * where each {@code yTrue} row holds one class id (as a float) per position, so its length is the
 * number of positions of the {@code yPred} row. Ids must be whole numbers in {@code [0, lastAxis)}.
 * Probabilities are renormalized then clipped exactly as in {@link CategoricalCrossentropy}; with
 * {@code fromLogits} the loss is {@code logsumexp(z) - z[id]}.
 *
 * <p>On probabilities it {@link #fusesWith fuses} with a {@code softmax} output; the logits gradient
 * is {@code (p - one_hot(id)) w / N}.
 *
 * <pre>{@code
 * float[][] ids = {{3f}, {0f}};                       // two samples, one position each
 * double loss = Losses.SPARSE_CATEGORICAL_CROSSENTROPY.compute(ids, probs, null, 2, 10, grad);
 * }</pre>
 */
public final class SparseCategoricalCrossentropy extends BaseLoss {
  private final boolean fromLogits;

  SparseCategoricalCrossentropy(String name, boolean fromLogits) {
    super(name);
    this.fromLogits = fromLogits;
  }

  public boolean fromLogits() {
    return fromLogits;
  }

  @Override
  boolean sparseLabels() {
    return true;
  }

  @Override
  public boolean fusesWith(String outputActivation) {
    return !fromLogits && "softmax".equals(outputActivation);
  }

  @Override
  double row(float[] y, float[] p, int positions, int lastAxis, int mode, float[] g, double scale) {
    double sum = 0.0;
    for (int pos = 0, o = 0; pos < positions; pos++, o += lastAxis) {
      int c = classId(y[pos], lastAxis);
      sum += fromLogits
          ? logits(c, p, o, lastAxis, g, scale)
          : probabilities(c, p, o, lastAxis, g, scale, false);
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
      sum += probabilities(classId(y[pos], lastAxis), p, o, lastAxis, g, scale, true);
    }
    return sum;
  }

  private int classId(float id, int classes) {
    int c = (int) id;
    if (c != id || c < 0 || c >= classes) {
      throw new IllegalArgumentException(name() + ": a class id must be a whole number in [0, "
          + classes + "), got " + id);
    }
    return c;
  }

  private static double probabilities(
      int c, float[] p, int o, int k, float[] g, double scale, boolean fused) {
    double total = 0.0;
    for (int j = o; j < o + k; j++) {
      total += p[j];
    }
    double inv = 1.0 / total;
    double q = p[o + c] * inv;
    double loss = -Math.log(clip(q, EPS, ONE_MINUS_EPS));
    if (g != null) {
      if (fused) {
        for (int j = o; j < o + k; j++) {
          g[j] = (float) (scale * p[j] * inv);
        }
        g[o + c] = (float) (scale * (q - 1.0));
      } else if (inside(q, EPS, ONE_MINUS_EPS)) {
        float shared = (float) (scale * inv);
        for (int j = o; j < o + k; j++) {
          g[j] = shared;
        }
        g[o + c] = (float) (scale * (inv - 1.0 / p[o + c]));
      } else {
        for (int j = o; j < o + k; j++) {
          g[j] = 0f;
        }
      }
    }
    return loss;
  }

  private static double logits(int c, float[] z, int o, int k, float[] g, double scale) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = o; j < o + k; j++) {
      max = Math.max(max, z[j]);
    }
    double sumExp = 0.0;
    for (int j = o; j < o + k; j++) {
      sumExp += Math.exp(z[j] - max);
    }
    double lse = max + Math.log(sumExp);
    if (g != null) {
      for (int j = o; j < o + k; j++) {
        g[j] = (float) (scale * Math.exp(z[j] - lse));
      }
      g[o + c] = (float) (scale * (Math.exp(z[o + c] - lse) - 1.0));
    }
    return lse - z[o + c];
  }
}
