package dev.kerac.runtime.train;

import dev.kerac.runtime.model.Parameter;
import java.util.List;
import java.util.Map;

/**
 * Stops {@code fit} when a monitored quantity has stopped improving (Keras {@code EarlyStopping}, with
 * its defaults: {@code monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto",
 * baseline=None, restore_best_weights=False, start_from_epoch=0}).
 *
 * <pre>{@code
 * EarlyStopping stop = new EarlyStopping().monitor("val_loss").patience(3).restoreBestWeights(true);
 * model.fit(x, y, Fit.epochs(100).validationSplit(0.1).callbacks(stop));
 * System.out.println("stopped at epoch " + stop.stoppedEpoch() + ", best " + stop.bestEpoch());
 * }</pre>
 *
 * <p>At each epoch end from {@code startFromEpoch} on, when the monitored key is in the logs:
 *
 * <ol>
 *   <li>with {@code restoreBestWeights}, the first such epoch snapshots the weights;
 *   <li>{@code wait += 1};
 *   <li>if the value improves on the best so far by more than {@code minDelta} (the first value
 *       always does): it becomes the best (weights snapshot when restoring), and {@code wait} goes
 *       back to 0 only if it also improves on {@code baseline} (when given). An improving epoch never
 *       stops training;
 *   <li>otherwise, if {@code wait >= patience} and the epoch is not epoch 0, training stops.
 * </ol>
 *
 * At train end, with {@code restoreBestWeights}, the best epoch's weights are put back <em>whether or
 * not</em> training stopped early. The snapshot copies every {@link Parameter} (trainable or not) into
 * arrays allocated once. A missing monitored key prints a warning and the epoch is ignored.
 */
public final class EarlyStopping extends Callback {
  private String monitor = "val_loss";
  private double minDelta = 0;
  private int patience = 0;
  private int verbose = 0;
  private String mode = "auto";
  private Double baseline;
  private boolean restoreBestWeights;
  private int startFromEpoch = 0;

  // Per-fit state (Keras: wait, best, stopped_epoch, best_epoch, best_weights).
  private boolean maximize;
  private int wait;
  private boolean hasBest;
  private double best;
  private int stoppedEpoch;
  private int bestEpoch;
  private float[][][] snapshot;
  private boolean hasSnapshot;

  /** Keras defaults: monitor {@code val_loss}, patience 0. */
  public EarlyStopping() {}

  /** The log key to watch, e.g. {@code "val_loss"} or {@code "val_accuracy"}. */
  public EarlyStopping monitor(String monitor) {
    this.monitor = Monitor.checkMonitor(monitor);
    return this;
  }

  /** The smallest change that counts as an improvement (its absolute value is used). */
  public EarlyStopping minDelta(double minDelta) {
    if (Double.isNaN(minDelta) || Double.isInfinite(minDelta)) {
      throw new IllegalArgumentException("minDelta must be a finite number, got " + minDelta);
    }
    this.minDelta = Math.abs(minDelta);
    return this;
  }

  /** Epochs without improvement after which training stops. */
  public EarlyStopping patience(int patience) {
    if (patience < 0) {
      throw new IllegalArgumentException("patience must be >= 0, got " + patience);
    }
    this.patience = patience;
    return this;
  }

  /** 0 = silent, 1 = print when stopping and restoring. */
  public EarlyStopping verbose(int verbose) {
    this.verbose = verbose;
    return this;
  }

  /** {@code "auto"} (from the monitored name), {@code "min"} or {@code "max"}. */
  public EarlyStopping mode(String mode) {
    this.mode = Monitor.checkMode(mode);
    return this;
  }

  /** A value the monitored quantity must beat for the patience counter to reset. */
  public EarlyStopping baseline(double baseline) {
    if (Double.isNaN(baseline)) {
      throw new IllegalArgumentException("baseline must be a number, got NaN");
    }
    this.baseline = baseline;
    return this;
  }

  /** Whether to put back the best epoch's weights at the end of training. */
  public EarlyStopping restoreBestWeights(boolean restoreBestWeights) {
    this.restoreBestWeights = restoreBestWeights;
    return this;
  }

  /** Epochs (0-based index) of warm-up before monitoring starts. */
  public EarlyStopping startFromEpoch(int startFromEpoch) {
    if (startFromEpoch < 0) {
      throw new IllegalArgumentException("startFromEpoch must be >= 0, got " + startFromEpoch);
    }
    this.startFromEpoch = startFromEpoch;
    return this;
  }

  /** The 0-based epoch at which training was stopped, or 0 if it was not. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  /** The 0-based epoch with the best monitored value (0 before any was seen). */
  public int bestEpoch() {
    return bestEpoch;
  }

  @Override
  public void onTrainBegin() {
    maximize = Monitor.maximize(monitor, mode, "EarlyStopping");
    wait = 0;
    hasBest = false;
    stoppedEpoch = 0;
    bestEpoch = 0;
    hasSnapshot = false;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    Double value = logs.get(monitor);
    if (value == null) {
      Monitor.warn(trainer(), "Early stopping conditioned on metric `" + monitor
          + "` which is not available. Available metrics are: " + Monitor.keys(logs));
      return;
    }
    if (epoch < startFromEpoch) {
      return;
    }
    double current = value;
    if (restoreBestWeights && !hasSnapshot) {
      // Until something improves, the first monitored epoch's weights are the best.
      takeSnapshot();
      bestEpoch = epoch;
    }
    wait++;
    if (!hasBest || Monitor.isImprovement(current, best, minDelta, maximize)) {
      best = current;
      hasBest = true;
      bestEpoch = epoch;
      if (restoreBestWeights) {
        takeSnapshot();
      }
      // Only restart the count when the value beats the baseline too.
      if (baseline == null || Monitor.isImprovement(current, baseline, minDelta, maximize)) {
        wait = 0;
      }
      return;
    }
    if (wait >= patience && epoch > 0) {
      stoppedEpoch = epoch;
      trainer().stopTraining();
    }
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    if (stoppedEpoch > 0 && verbose > 0) {
      Monitor.output(trainer()).println("Epoch " + (stoppedEpoch + 1) + ": early stopping");
    }
    if (restoreBestWeights && hasSnapshot) {
      if (verbose > 0) {
        Monitor.output(trainer()).println(
            "Restoring model weights from the end of the best epoch: " + (bestEpoch + 1) + ".");
      }
      restoreSnapshot();
    }
  }

  private void takeSnapshot() {
    List<Parameter> params = trainer().network().parameters();
    if (!fits(params)) {
      snapshot = new float[params.size()][][];
      for (int i = 0; i < params.size(); i++) {
        Parameter p = params.get(i);
        snapshot[i] = new float[p.rows()][p.cols()];
      }
    }
    for (int i = 0; i < params.size(); i++) {
      float[][] v = params.get(i).value();
      for (int r = 0; r < v.length; r++) {
        System.arraycopy(v[r], 0, snapshot[i][r], 0, v[r].length);
      }
    }
    hasSnapshot = true;
  }

  private void restoreSnapshot() {
    List<Parameter> params = trainer().network().parameters();
    for (int i = 0; i < params.size(); i++) {
      float[][] v = params.get(i).value();
      for (int r = 0; r < v.length; r++) {
        System.arraycopy(snapshot[i][r], 0, v[r], 0, v[r].length);
      }
    }
  }

  /** Whether the snapshot arrays already have the parameters' shapes (reused across fits). */
  private boolean fits(List<Parameter> params) {
    if (snapshot == null || snapshot.length != params.size()) {
      return false;
    }
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      if (snapshot[i].length != p.rows() || (p.rows() > 0 && snapshot[i][0].length != p.cols())) {
        return false;
      }
    }
    return true;
  }
}
