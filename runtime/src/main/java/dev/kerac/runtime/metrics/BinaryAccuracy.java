package dev.kerac.runtime.metrics;

/**
 * Keras {@code BinaryAccuracy}: the fraction of elements where {@code (p > threshold) == y}
 * (strict {@code >}; labels are compared exactly with 0 and 1). The threshold applies as is even to
 * logits, as in Keras.
 *
 * <pre>{@code
 * Metric acc = Metrics.binaryAccuracy(0.5f);
 * }</pre>
 */
public final class BinaryAccuracy extends MeanMetric {
  private final float threshold;

  BinaryAccuracy(String name, float threshold) {
    super(name);
    this.threshold = threshold;
  }

  public float threshold() {
    return threshold;
  }

  @Override
  boolean sparseLabels(int labelLength, int predLength, int lastAxis) {
    return false;
  }

  @Override
  double rowSum(float[] y, float[] p, int positions, int lastAxis, boolean sparse) {
    return rowSum(y, p, lastAxis, threshold);
  }

  /** Sum over positions of the per-position fraction of right elements. */
  static double rowSum(float[] y, float[] p, int lastAxis, float threshold) {
    int hits = 0;
    for (int i = 0; i < p.length; i++) {
      float predicted = p[i] > threshold ? 1f : 0f;
      if (predicted == y[i]) {
        hits++;
      }
    }
    return (double) hits / lastAxis;
  }
}
