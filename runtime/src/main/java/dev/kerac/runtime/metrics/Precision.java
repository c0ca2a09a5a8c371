package dev.kerac.runtime.metrics;

/**
 * Keras {@code Precision}: {@code TP / (TP + FP)} (0 when nothing was predicted positive) over every
 * element seen since {@link #reset()}; all elements are pooled (micro-average). A prediction is
 * positive when {@code p > threshold} (strict), a label when it is non-zero.
 *
 * <pre>{@code
 * Metric precision = Metrics.precision();           // threshold 0.5
 * }</pre>
 */
public final class Precision extends ConfusionCounts {

  Precision(String name, float threshold) {
    super(name, threshold);
  }

  @Override
  public double result() {
    double d = truePositives + falsePositives;
    return d == 0.0 ? 0.0 : truePositives / d;
  }
}
