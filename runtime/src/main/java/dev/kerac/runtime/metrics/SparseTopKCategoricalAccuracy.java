package dev.kerac.runtime.metrics;

/**
 * Keras {@code SparseTopKCategoricalAccuracy} (default {@code k = 5}): per position, whether the class
 * id in {@code yTrue} is among the {@code k} highest scores (ranking as in
 * {@link TopKCategoricalAccuracy}). An id that is not a valid class never counts as a hit.
 *
 * <pre>{@code
 * Metric top5 = Metrics.sparseTopKCategoricalAccuracy(5);
 * }</pre>
 */
public final class SparseTopKCategoricalAccuracy extends MeanMetric {
  private final int k;

  SparseTopKCategoricalAccuracy(String name, int k) {
    super(name);
    this.k = Metrics.checkK(k);
  }

  public int k() {
    return k;
  }

  @Override
  boolean sparseLabels(int labelLength, int predLength, int lastAxis) {
    return true;
  }

  @Override
  double rowSum(float[] y, float[] p, int positions, int lastAxis, boolean sparse) {
    int hits = 0;
    for (int pos = 0, o = 0; pos < positions; pos++, o += lastAxis) {
      int c = (int) y[pos];
      if (c == y[pos] && c >= 0 && c < lastAxis && TopKCategoricalAccuracy.inTopK(p, o, lastAxis, c, k)) {
        hits++;
      }
    }
    return hits;
  }
}
