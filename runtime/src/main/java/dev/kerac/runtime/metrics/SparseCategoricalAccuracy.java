package dev.kerac.runtime.metrics;

/**
 * Keras {@code SparseCategoricalAccuracy}: per position, whether the class id in {@code yTrue}
 * equals {@code argmax(p)} over the last axis. {@code yTrue} rows hold one id (as a float) per
 * position; an id that is not a valid class simply never matches, as in Keras.
 *
 * <pre>{@code
 * Metric acc = Metrics.sparseCategoricalAccuracy();
 * acc.update(new float[][] {{2f}, {0f}}, probs, null, 2, 3);
 * }</pre>
 */
public final class SparseCategoricalAccuracy extends MeanMetric {

  SparseCategoricalAccuracy(String name) {
    super(name);
  }

  @Override
  boolean sparseLabels(int labelLength, int predLength, int lastAxis) {
    return true;
  }

  @Override
  double rowSum(float[] y, float[] p, int positions, int lastAxis, boolean sparse) {
    return rowSum(y, p, positions, lastAxis);
  }

  static double rowSum(float[] y, float[] p, int positions, int lastAxis) {
    int hits = 0;
    for (int pos = 0, o = 0; pos < positions; pos++, o += lastAxis) {
      if (y[pos] == CategoricalAccuracy.argmax(p, o, lastAxis)) {
        hits++;
      }
    }
    return hits;
  }
}
