package dev.kerac.runtime.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;

/**
 * Saves the weights during {@code fit} (Keras {@code ModelCheckpoint}; defaults
 * {@code monitor="val_loss", verbose=0, save_best_only=False, mode="auto", save_freq="epoch",
 * initial_value_threshold=None}). Files are written by {@link Trainer#saveWeights} (weights and
 * optimizer state, atomically); there is no whole-model format, so Keras' {@code save_weights_only}
 * has no counterpart.
 *
 * <pre>{@code
 * ModelCheckpoint ckpt = new ModelCheckpoint("ckpt/w-{epoch:02d}-{val_loss:.2f}.kcw")
 *     .saveBestOnly(true).verbose(1);
 * model.fit(x, y, Fit.epochs(20).validationSplit(0.1).callbacks(ckpt));
 * }</pre>
 *
 * <p>The file path is a Python {@code str.format} pattern: {@code {epoch}} is the 1-based epoch,
 * {@code {batch}} the 1-based batch (batch-frequency saves), and every log key is a field, e.g.
 * {@code {val_loss:.2f}}. Specs: {@code [[fill]align][sign][0][width][.precision][type]} with type
 * {@code d f e g %} (and upper-case variants). Missing parent directories are created.
 *
 * <p>With {@code saveBestOnly} a file is written only when the monitored value improves strictly on
 * the best so far (which starts at {@code initialValueThreshold}, or unset: the first value always
 * improves). A missing monitored key prints a warning and saves anyway. Verbose messages are Keras':
 * {@code Epoch 3: val_loss improved from 0.51234 to 0.49876, saving model to ...}.
 */
public final class ModelCheckpoint extends Callback {
  private final String filepath;
  private String monitor = "val_loss";
  private int verbose = 0;
  private boolean saveBestOnly;
  private String mode = "auto";
  private int saveFreq = 0; // 0 = every epoch
  private Double initialValueThreshold;

  private boolean maximize;
  private Double best;
  private int currentEpoch;
  private int batchesSinceSave;

  /**
   * @param filepath the file to write, a Python format pattern such as
   *     {@code "ckpt/w-{epoch:02d}-{val_loss:.2f}.kcw"}
   */
  public ModelCheckpoint(String filepath) {
    if (filepath == null || filepath.isEmpty()) {
      throw new IllegalArgumentException("filepath must be a file path (pattern), got "
          + (filepath == null ? "null" : "\"\""));
    }
    this.filepath = filepath;
  }

  /** As {@link #ModelCheckpoint(String)}; the path's text is the pattern. */
  public ModelCheckpoint(Path filepath) {
    this(filepath == null ? null : filepath.toString());
  }

  /** The log key {@code saveBestOnly} compares, e.g. {@code "val_loss"}. */
  public ModelCheckpoint monitor(String monitor) {
    this.monitor = Monitor.checkMonitor(monitor);
    return this;
  }

  /** 0 = silent, 1 = a message for each decision and each save. */
  public ModelCheckpoint verbose(int verbose) {
    this.verbose = verbose;
    return this;
  }

  /** Write only when the monitored value improves on the best so far. */
  public ModelCheckpoint saveBestOnly(boolean saveBestOnly) {
    this.saveBestOnly = saveBestOnly;
    return this;
  }

  /** {@code "auto"} (from the monitored name), {@code "min"} or {@code "max"}. */
  public ModelCheckpoint mode(String mode) {
    this.mode = Monitor.checkMode(mode);
    return this;
  }

  /**
   * Saves every {@code batches} training batches (counted across epochs) instead of at every epoch
   * end (Keras' integer {@code save_freq}). Batch-level logs hold only {@code loss}, the running mean
   * of the epoch so far.
   */
  public ModelCheckpoint saveFreq(int batches) {
    if (batches < 1) {
      throw new IllegalArgumentException("saveFreq must be >= 1 batches, got " + batches);
    }
    this.saveFreq = batches;
    return this;
  }

  /** Saves at every epoch end (the default, Keras' {@code save_freq="epoch"}). */
  public ModelCheckpoint saveFreqEpoch() {
    this.saveFreq = 0;
    return this;
  }

  /** The best value to beat before anything is saved with {@code saveBestOnly}. */
  public ModelCheckpoint initialValueThreshold(double threshold) {
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("initialValueThreshold must be a number, got NaN");
    }
    this.initialValueThreshold = threshold;
    return this;
  }

  /** The best monitored value so far, or null (only tracked with {@code saveBestOnly}). */
  public Double best() {
    return best;
  }

  @Override
  public void onTrainBegin() {
    maximize = Monitor.maximize(monitor, mode, "ModelCheckpoint");
    best = initialValueThreshold;
    batchesSinceSave = 0;
  }

  @Override
  public void onEpochBegin(int epoch) {
    currentEpoch = epoch;
  }

  @Override
  public void onTrainBatchEnd(int step, double loss) {
    if (saveFreq == 0) {
      return;
    }
    if (++batchesSinceSave >= saveFreq) {
      batchesSinceSave = 0;
      Map<String, Double> logs = new HashMap<>();
      logs.put("loss", loss);
      save(currentEpoch, step, logs);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (saveFreq == 0) {
      save(epoch, -1, logs);
    }
  }

  /** The file name for this epoch (0-based) and batch (0-based, or -1 at epoch level). */
  String filePath(int epoch, int batch, Map<String, Double> logs) {
    Map<String, Object> values = new HashMap<>(logs);
    values.put("epoch", epoch + 1);
    if (batch >= 0 && !logs.containsKey("batch")) {
      values.put("batch", batch + 1);
    }
    try {
      return PythonFormat.format(filepath, values);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Failed to format this callback filepath: \"" + filepath
          + "\". Reason: " + e.getMessage(), e);
    }
  }

  private void save(int epoch, int batch, Map<String, Double> logs) {
    String path = filePath(epoch, batch, logs);
    if (!shouldSave(epoch, logs, path)) {
      return;
    }
    try {
      Path file = Paths.get(path);
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      if (Files.isDirectory(file)) {
        throw new IOException("Please specify a non-directory filepath for ModelCheckpoint. "
            + "Filepath used is an existing directory: " + path);
      }
      trainer().saveWeights(file);
    } catch (IOException e) {
      throw new UncheckedIOException("ModelCheckpoint could not save to " + path, e);
    }
    if (verbose > 0) {
      Monitor.output(trainer()).println("\nEpoch " + (epoch + 1) + ": finished saving model to " + path);
    }
  }

  private boolean shouldSave(int epoch, Map<String, Double> logs, String path) {
    if (!saveBestOnly) {
      if (verbose > 0) {
        Monitor.output(trainer()).println("\nEpoch " + (epoch + 1) + ": saving model to " + path);
      }
      return true;
    }
    Double current = logs.get(monitor);
    if (current == null) {
      Monitor.warn(trainer(), "Can save best model only with " + monitor + " available.");
      return true;
    }
    String bestText = best == null ? "None" : PythonFormat.formatValue(best, ".5f");
    if (best == null || Monitor.isImprovement(current, best, 0, maximize)) {
      if (verbose > 0) {
        Monitor.output(trainer()).println("\nEpoch " + (epoch + 1) + ": " + monitor
            + " improved from " + bestText + " to " + PythonFormat.formatValue(current, ".5f")
            + ", saving model to " + path);
      }
      best = current;
      return true;
    }
    if (verbose > 0) {
      Monitor.output(trainer()).println("\nEpoch " + (epoch + 1) + ": " + monitor
          + " did not improve from " + bestText);
    }
    return false;
  }
}
