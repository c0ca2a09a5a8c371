package dev.kerac.runtime.metrics;

/**
 * Keras {@code MeanMetricWrapper}: a per-position value (for example "is this prediction right"),
 * averaged over each row's positions, then streamed through a weighted mean. Without sample weights
 * this is the plain mean over all positions seen since {@link #reset()}.
 */
abstract class MeanMetric implements Metric {
  private final String name;
  private double total;
  private double count;

  MeanMetric(String name) {
    this.name = Metrics.checkName(name);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final void reset() {
    total = 0.0;
    count = 0.0;
  }

  @Override
  public final double result() {
    return count == 0.0 ? 0.0 : total / count;
  }

  /** Whether a {@code yTrue} row of length {@code labelLength} holds class ids for this output. */
  abstract boolean sparseLabels(int labelLength, int predLength, int lastAxis);

  /** The sum over the row's positions of the per-position value. */
  abstract double rowSum(float[] y, float[] p, int positions, int lastAxis, boolean sparse);

  @Override
  public final void update(
      float[][] yTrue, float[][] yPred, float[] sampleWeight, int batch, int lastAxis) {
    Metrics.checkBatch(name, yTrue, yPred, sampleWeight, batch, lastAxis);
    if (batch == 0) {
      return;
    }
    int len = yPred[0].length;
    int positions = len / lastAxis;
    boolean sparse = sparseLabels(yTrue[0].length, len, lastAxis);
    int labelLength = sparse ? positions : len;
    for (int r = 0; r < batch; r++) {
      Metrics.checkRow(name, yTrue, yPred, r, len, labelLength, sparse);
      double w = sampleWeight == null ? 1.0 : sampleWeight[r];
      total += w * rowSum(yTrue[r], yPred[r], positions, lastAxis, sparse) / positions;
      count += w;
    }
  }

  @Override
  public String toString() {
    return name + "=" + result();
  }
}
