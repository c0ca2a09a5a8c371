package dev.kerac.runtime.metrics;

/**
 * Keras {@code Mean}: the weighted running mean {@code total / count} of the values it is given
 * (0 before any value). The training loop tracks the reported {@code loss} with one of these, adding
 * each batch's loss weighted by the batch size, so the epoch loss is {@code sum(n_b L_b) / sum(n_b)}.
 *
 * <pre>{@code
 * Mean loss = Metrics.mean("loss");
 * loss.reset();
 * loss.update(batchLoss, batchSize);
 * double epochLoss = loss.result();
 * }</pre>
 */
public final class Mean implements Metric {
  private final String name;
  private double total;
  private double count;

  Mean(String name) {
    this.name = Metrics.checkName(name);
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

  /** Adds {@code value} with weight {@code weight} (Keras {@code update_state(value, weight)}). */
  public void update(double value, double weight) {
    total += value * weight;
    count += weight;
  }

  /**
   * Adds every element of the first {@code batch} rows of {@code yPred} as a value ({@code yTrue} is
   * not used), each weighted by its row's sample weight, or 1 when {@code sampleWeight} is null.
   */
  @Override
  public void update(float[][] yTrue, float[][] yPred, float[] sampleWeight, int batch, int lastAxis) {
    if (yPred == null || batch < 0 || batch > yPred.length) {
      throw new IllegalArgumentException(name + ": expected yPred with at least batch=" + batch
          + " rows, got " + (yPred == null ? "null" : yPred.length + " rows"));
    }
    if (sampleWeight != null && sampleWeight.length < batch) {
      throw new IllegalArgumentException(name + ": expected one sample weight per row (" + batch
          + "), got " + sampleWeight.length);
    }
    for (int r = 0; r < batch; r++) {
      float[] v = yPred[r];
      double w = sampleWeight == null ? 1.0 : sampleWeight[r];
      double sum = 0.0;
      for (int i = 0; i < v.length; i++) {
        sum += v[i];
      }
      total += w * sum;
      count += w * v.length;
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
