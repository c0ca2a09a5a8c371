package dev.kerac.runtime.metrics;

/**
 * Keras {@code CategoricalAccuracy}: per position, whether {@code argmax(y) == argmax(p)} over the
 * last axis (the first index wins ties).
 *
 * <pre>{@code
 * Metric acc = Metrics.categoricalAccuracy();
 * acc.update(oneHot, probs, null, batch, classes);
 * }</pre>
 */
public final class CategoricalAccuracy extends MeanMetric {

  CategoricalAccuracy(String name) {
    super(name);
  }

  @Override
  boolean sparseLabels(int labelLength, int predLength, int lastAxis) {
    return false;
  }

  @Override
  double rowSum(float[] y, float[] p, int positions, int lastAxis, boolean sparse) {
    return rowSum(y, p, positions, lastAxis);
  }

  static double rowSum(float[] y, float[] p, int positions, int lastAxis) {
    int hits = 0;
    for (int pos = 0, o = 0; pos < positions; pos++, o += lastAxis) {
      if (argmax(y, o, lastAxis) == argmax(p, o, lastAxis)) {
        hits++;
      }
    }
    return hits;
  }

  /** Index (relative to {@code o}) of the first largest of {@code v[o..o+k)}. */
  static int argmax(float[] v, int o, int k) {
    int best = 0;
    float max = v[o];
    for (int j = 1; j < k; j++) {
      if (v[o + j] > max) {
        max = v[o + j];
        best = j;
      }
    }
    return best;
  }
}
