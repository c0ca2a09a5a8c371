package dev.kerac.runtime.metrics;

/**
 * Keras {@code Recall}: {@code TP / (TP + FN)} (0 when there were no positive labels) over every
 * element seen since {@link #reset()}; all elements are pooled (micro-average). A prediction is
 * positive when {@code p > threshold} (strict), a label when it is non-zero.
 *
 * <pre>{@code
 * Metric recall = Metrics.recall();                 // threshold 0.5
 * }</pre>
 */
public final class Recall extends ConfusionCounts {

  Recall(String name, float threshold) {
    super(name, threshold);
  }

  @Override
  public double result() {
    double d = truePositives + falseNegatives;
    return d == 0.0 ? 0.0 : truePositives / d;
  }
}
