package dev.kerac.runtime.metrics;

/**
 * Keras {@code TopKCategoricalAccuracy} (default {@code k = 5}): per position, whether the true class
 * ({@code argmax} of the one-hot label) is among the {@code k} highest scores. Its rank is
 * {@code 1 + #(classes scoring strictly higher)}, so ties favour the true class; a NaN score counts
 * as minus infinity.
 *
 * <pre>{@code
 * Metric top3 = Metrics.topKCategoricalAccuracy(3);
 * }</pre>
 */
public final class TopKCategoricalAccuracy extends MeanMetric {
  private final int k;

  TopKCategoricalAccuracy(String name, int k) {
    super(name);
    this.k = Metrics.checkK(k);
  }

  public int k() {
    return k;
  }

  @Override
  boolean sparseLabels(int labelLength, int predLength, int lastAxis) {
    return false;
  }

  @Override
  double rowSum(float[] y, float[] p, int positions, int lastAxis, boolean sparse) {
    int hits = 0;
    for (int pos = 0, o = 0; pos < positions; pos++, o += lastAxis) {
      if (inTopK(p, o, lastAxis, CategoricalAccuracy.argmax(y, o, lastAxis), k)) {
        hits++;
      }
    }
    return hits;
  }

  /** Whether class {@code c} of the scores {@code p[o..o+n)} ranks within the top {@code k}. */
  static boolean inTopK(float[] p, int o, int n, int c, int k) {
    float target = p[o + c];
    if (target != target) {
      target = Float.NEGATIVE_INFINITY;
    }
    int higher = 0;
    for (int j = 0; j < n; j++) {
      if (p[o + j] > target) { // NaN is never greater: it counts as minus infinity
        higher++;
      }
    }
    return higher < k;
  }
}
