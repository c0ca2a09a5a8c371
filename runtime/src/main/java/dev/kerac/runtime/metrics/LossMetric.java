package dev.kerac.runtime.metrics;

import dev.kerac.runtime.losses.Loss;

/**
 * A loss function streamed as a metric (Keras {@code MeanMetricWrapper} around a loss function, as
 * {@code MeanSquaredError}, {@code MeanAbsoluteError}, {@code KLDivergence}, ... metrics are): the
 * running mean of the loss's per-position values. Each update adds the batch's loss times its
 * number of rows; the count grows by the rows (or the sum of their sample weights).
 *
 * <pre>{@code
 * Metric mae = Metrics.meanAbsoluteError();          // shown as "mean_absolute_error"
 * Metric mse = Metrics.byName("mse", null);          // shown as "mse"
 * }</pre>
 */
public final class LossMetric implements Metric {
  private final String name;
  private final Loss loss;
  private final double sign;
  private double total;
  private double count;

  LossMetric(String name, Loss loss, boolean negate) {
    this.name = Metrics.checkName(name);
    if (loss == null) {
      throw new IllegalArgumentException("LossMetric '" + name + "' needs a loss, got null");
    }
    this.loss = loss;
    this.sign = negate ? -1.0 : 1.0;
  }

  /** The loss whose values are averaged. */
  public Loss loss() {
    return loss;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    total = 0.0;
    count = 0.0;
  }

  @Override
  public void update(float[][] yTrue, float[][] yPred, float[] sampleWeight, int batch, int lastAxis) {
    double value = loss.compute(yTrue, yPred, sampleWeight, batch, lastAxis, null);
    if (batch == 0) {
      return;
    }
    // the loss divides the weighted sum by batch * positions; times batch gives sum(w * row mean)
    total += sign * value * batch;
    if (sampleWeight == null) {
      count += batch;
    } else {
      for (int r = 0; r < batch; r++) {
        count += sampleWeight[r];
      }
    }
  }

  @Override
  public double result() {
    return count == 0.0 ? 0.0 : total / count;
  }

  @Override
  public String toString() {
    return name + "=" + result();
  }
}
