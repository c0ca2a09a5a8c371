package dev.kerac.runtime.metrics;

import dev.kerac.runtime.losses.Losses;

/**
 * Keras {@code RootMeanSquaredError}: the square root of the streamed mean squared error (the root
 * is taken once, at the end, not per batch).
 *
 * <pre>{@code
 * Metric rmse = Metrics.rootMeanSquaredError();
 * }</pre>
 */
public final class RootMeanSquaredError implements Metric {
  private final LossMetric mse;

  RootMeanSquaredError(String name) {
    this.mse = new LossMetric(name, Losses.MEAN_SQUARED_ERROR, false);
  }

  @Override
  public String name() {
    return mse.name();
  }

  @Override
  public void reset() {
    mse.reset();
  }

  @Override
  public void update(float[][] yTrue, float[][] yPred, float[] sampleWeight, int batch, int lastAxis) {
    mse.update(yTrue, yPred, sampleWeight, batch, lastAxis);
  }

  @Override
  public double result() {
    return Math.sqrt(mse.result());
  }

  @Override
  public String toString() {
    return name() + "=" + result();
  }
}
