package dev.kerac.runtime.train;

import dev.kerac.runtime.init.Rng;
import dev.kerac.runtime.io.NamedTensor;
import dev.kerac.runtime.io.WeightsFile;
import dev.kerac.runtime.losses.Loss;
import dev.kerac.runtime.metrics.Mean;
import dev.kerac.runtime.metrics.Metric;
import dev.kerac.runtime.metrics.Metrics;
import dev.kerac.runtime.model.Network;
import dev.kerac.runtime.model.Parameter;
import dev.kerac.runtime.model.Summary;
import dev.kerac.runtime.optimizers.Optimizer;
import dev.kerac.runtime.regularizers.Regularizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keras's {@code compile / fit / evaluate / predict} for one compiled model. The training step
 * ({@link #trainOnBatch}) is allocation-free after the first call: batches are assembled by
 * reference into preallocated row arrays, the loss writes its gradient into preallocated rows, and
 * the optimizer updates parameters in place.
 *
 * <pre>{@code
 * Trainer t = model.trainer();
 * t.compile(new Adam(1e-3), Losses.CATEGORICAL_CROSSENTROPY, "accuracy");
 * History h = t.fit(x, y, Fit.epochs(10).batchSize(128).validationSplit(0.1));
 * Map<String, Double> scores = t.evaluate(xTest, yTest);
 * }</pre>
 */
public final class Trainer {
  private final Network network;
  private Optimizer optimizer;
  private Loss loss;
  private final List<Metric> metrics = new ArrayList<>();
  private final Mean lossTracker = Metrics.mean("loss");
  private boolean fused;
  private boolean stopTraining;
  private int lastAxis;
  // Set by fit for its callbacks: where to print, and the epoch a callback asks to resume at.
  private PrintStream out = System.out;
  private int resumeEpoch = -1;

  // Batch assembly (references to the caller's rows) and the loss gradient, sized to the capacity.
  private float[][] batchX = new float[0][];
  private float[][] batchY = new float[0][];
  private float[] batchWeights = new float[0];
  private float[][] gradient = new float[0][];
  private float[][][] stateCopy;

  public Trainer(Network network) {
    this.network = network;
  }

  public Network network() {
    return network;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  public Loss loss() {
    return loss;
  }

  /**
   * Configures training: the optimizer, the loss and metrics by Keras name ({@code "accuracy"},
   * {@code "mae"}, ...). Softmax + categorical crossentropy and sigmoid + binary crossentropy use the
   * fused, numerically stable gradient.
   */
  public Trainer compile(Optimizer optimizer, Loss loss, String... metrics) {
    if (optimizer == null || loss == null) {
      throw new IllegalArgumentException("compile needs an optimizer and a loss, got "
          + optimizer + " and " + loss);
    }
    this.optimizer = optimizer;
    this.loss = loss;
    this.metrics.clear();
    for (String name : metrics) {
      this.metrics.add(Metrics.byName(name, loss));
    }
    this.fused = loss.fusesWith(network.outputActivation());
    // Read here, not in the constructor: generated classes create their trainer while constructing.
    int[] shape = network.outputShape();
    this.lastAxis = shape[shape.length - 1];
    return this;
  }

  /** Whether the loss gradient is taken with respect to the logits (softmax/sigmoid fused). */
  public boolean fused() {
    return fused;
  }

  /** Asks {@code fit} to stop after the current step (callbacks use it, like Keras's {@code stop_training}). */
  public void stopTraining() {
    this.stopTraining = true;
  }

  /** Where the running (or last) {@code fit} prints; callbacks print their messages there. */
  PrintStream output() {
    return out;
  }

  /**
   * Makes the running {@code fit} start at {@code epoch} (0-based) instead of
   * {@link Fit#initialEpoch}; called from {@link Callback#onTrainBegin} ({@link BackupAndRestore}, as
   * Keras' {@code model._initial_epoch}).
   */
  void resumeAt(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("the epoch to resume at must be >= 0, got " + epoch);
    }
    this.resumeEpoch = epoch;
  }

  private void requireCompiled() {
    if (optimizer == null) {
      throw new IllegalStateException("the model is not compiled: call compile(optimizer, loss, metrics...) first");
    }
  }

  private int lastAxis() {
    return lastAxis;
  }

  private void ensureBuffers(int capacity) {
    network.ensureCapacity(capacity);
    if (gradient.length < capacity) {
      batchX = new float[capacity][];
      batchY = new float[capacity][];
      batchWeights = new float[capacity];
      gradient = new float[capacity][network.outputSize()];
    }
  }

  /**
   * One training step on {@code x[0..batch)}, {@code y[0..batch)}: forward in training mode, loss
   * (regularization included), backward, optimizer update. Returns the loss before the update, as
   * Keras reports it. If the loss is not finite nothing is updated and the returned value says so.
   *
   * @param sampleWeight per-sample loss weights, or null
   */
  public double trainOnBatch(float[][] x, float[][] y, float[] sampleWeight, int batch) {
    requireCompiled();
    ensureBuffers(batch);
    // A training forward updates state such as BatchNormalization's moving statistics: keep a copy so
    // that a step with a non-finite loss changes nothing at all.
    copyState(true);
    network.forward(x, batch, true);
    float[][] yPred = network.output();
    double value = fused
        ? loss.computeFused(y, yPred, sampleWeight, batch, lastAxis(), gradient)
        : loss.compute(y, yPred, sampleWeight, batch, lastAxis(), gradient);
    value += regularization(false) + network.activityPenalty();
    if (!Double.isFinite(value)) {
      copyState(false);
      return value;
    }
    network.backwardForTraining(gradient, batch, fused);
    regularization(true);
    optimizer.apply(network.parameters(), network.workers());
    return value;
  }

  /** Saves ({@code save}) or restores the non-trainable parameters, into buffers allocated once. */
  private void copyState(boolean save) {
    List<Parameter> params = network.parameters();
    if (stateCopy == null) {
      stateCopy = new float[params.size()][][];
      for (int i = 0; i < params.size(); i++) {
        Parameter p = params.get(i);
        stateCopy[i] = p.trainable() ? null : new float[p.rows()][p.cols()];
      }
    }
    for (int i = 0; i < params.size(); i++) {
      float[][] copy = stateCopy[i];
      if (copy == null) {
        continue;
      }
      float[][] value = params.get(i).value();
      for (int r = 0; r < copy.length; r++) {
        if (save) {
          System.arraycopy(value[r], 0, copy[r], 0, copy[r].length);
        } else {
          System.arraycopy(copy[r], 0, value[r], 0, copy[r].length);
        }
      }
    }
  }

  /** The sum of weight penalties; with {@code addGradients}, also adds their gradients. */
  private double regularization(boolean addGradients) {
    double penalty = 0;
    List<Parameter> params = network.parameters();
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      Regularizer r = p.regularizer();
      if (r == null || !p.trainable()) {
        continue;
      }
      if (addGradients) {
        r.addGradient(p.value(), p.grad());
      } else {
        penalty += r.penalty(p.value());
      }
    }
    return penalty;
  }

  /** Trains on {@code x, y} as Keras's {@code fit} does and returns the per-epoch history. */
  public History fit(float[][] x, float[][] y, Fit options) {
    requireCompiled();
    checkData(x, y, "x", "y");
    int n = x.length;
    float[] weights = sampleWeights(options, y);
    int trainCount = n;
    float[][] valX = options.validationX;
    float[][] valY = options.validationY;
    if (valX != null) {
      checkData(valX, valY, "validation x", "validation y");
    } else if (options.validationSplit > 0) {
      trainCount = (int) Math.floor(n * (1 - options.validationSplit));
      if (trainCount == 0 || trainCount == n) {
        throw new IllegalArgumentException("validationSplit " + options.validationSplit + " of "
            + n + " samples leaves an empty " + (trainCount == 0 ? "training" : "validation") + " set");
      }
      valX = Arrays.copyOfRange(x, trainCount, n);
      valY = Arrays.copyOfRange(y, trainCount, n);
    }
    int batchSize = Math.min(options.batchSize, Math.max(trainCount, 1));
    ensureBuffers(batchSize);
    int steps = (trainCount + batchSize - 1) / batchSize;

    History history = new History();
    ProgressBar bar = new ProgressBar(options.out, options.verbose);
    List<Callback> callbacks = options.callbacks;
    out = options.out;
    for (Callback c : callbacks) {
      c.bind(this);
    }
    stopTraining = false;
    resumeEpoch = -1;
    for (Callback c : callbacks) {
      c.onTrainBegin();
    }
    int initialEpoch = resumeEpoch >= 0 ? resumeEpoch : options.initialEpoch;
    String[] names = logNames();
    double[] values = new double[names.length];
    int[] order = new int[trainCount];
    for (int i = 0; i < trainCount; i++) {
      order[i] = i;
    }
    Map<String, Double> epochLogs = new TreeMap<>();
    for (int epoch = initialEpoch; epoch < options.epochs && !stopTraining; epoch++) {
      resetMetrics();
      for (Callback c : callbacks) {
        c.onEpochBegin(epoch);
      }
      bar.epochBegin(epoch, options.epochs, steps);
      if (options.shuffle) {
        // A fresh permutation of 0..n-1 per epoch, a function of (seed, epoch) only, so that a fit
        // resumed at any epoch (BackupAndRestore, initialEpoch) sees the same batches.
        for (int i = 0; i < trainCount; i++) {
          order[i] = i;
        }
        new Rng(options.seed * 0x9E3779B97F4A7C15L + epoch).shuffle(order, trainCount);
      }
      for (int step = 0; step < steps && !stopTraining; step++) {
        int from = step * batchSize;
        int batch = Math.min(batchSize, trainCount - from);
        for (int b = 0; b < batch; b++) {
          int i = order[from + b];
          batchX[b] = x[i];
          batchY[b] = y[i];
          if (weights != null) {
            batchWeights[b] = weights[i];
          }
        }
        double value = trainOnBatch(batchX, batchY, weights == null ? null : batchWeights, batch);
        if (!Double.isFinite(value)) {
          if (!hasTerminateOnNaN(callbacks)) {
            throw new NonFiniteLossException(epoch, step, value);
          }
          options.out.println("Batch " + step + ": Invalid loss, terminating training");
          stopTraining = true;
          break;
        }
        lossTracker.update(value, batch);
        updateMetrics(batchY, network.output(), batch);
        currentValues(values);
        bar.update(step + 1, names, values);
        for (Callback c : callbacks) {
          c.onTrainBatchEnd(step, lossTracker.result());
        }
      }
      epochLogs = new TreeMap<>();
      currentValues(values);
      for (int i = 0; i < names.length; i++) {
        epochLogs.put(names[i], values[i]);
      }
      if (valX != null) {
        for (Map.Entry<String, Double> e : evaluate(valX, valY, batchSize).entrySet()) {
          epochLogs.put("val_" + e.getKey(), e.getValue());
        }
      }
      for (Callback c : callbacks) {
        c.onEpochEnd(epoch, epochLogs);
      }
      String[] epochNames = epochLogs.keySet().toArray(new String[0]);
      double[] epochValues = new double[epochNames.length];
      for (int i = 0; i < epochNames.length; i++) {
        epochValues[i] = epochLogs.get(epochNames[i]);
      }
      bar.epochEnd(epochNames, epochValues);
      history.onEpochEnd(epoch, epochNames, epochValues);
    }
    for (Callback c : callbacks) {
      c.onTrainEnd(epochLogs);
    }
    return history;
  }

  private static boolean hasTerminateOnNaN(List<Callback> callbacks) {
    for (Callback c : callbacks) {
      if (c instanceof TerminateOnNaN) {
        return true;
      }
    }
    return false;
  }

  private String[] logNames() {
    String[] names = new String[1 + metrics.size()];
    names[0] = "loss";
    for (int i = 0; i < metrics.size(); i++) {
      names[i + 1] = metrics.get(i).name();
    }
    return names;
  }

  private void resetMetrics() {
    lossTracker.reset();
    for (int i = 0; i < metrics.size(); i++) {
      metrics.get(i).reset();
    }
  }

  private void updateMetrics(float[][] y, float[][] yPred, int batch) {
    // Plain metrics ignore sample weights, as Keras's compile(metrics=...) does.
    for (int i = 0; i < metrics.size(); i++) {
      metrics.get(i).update(y, yPred, null, batch, lastAxis());
    }
  }

  private void currentValues(double[] values) {
    values[0] = lossTracker.result();
    for (int i = 0; i < metrics.size(); i++) {
      values[i + 1] = metrics.get(i).result();
    }
  }

  /** Per-sample weights from {@code sampleWeight} or {@code classWeight}, or null. */
  private float[] sampleWeights(Fit options, float[][] y) {
    if (options.sampleWeight != null && options.classWeight != null) {
      throw new IllegalArgumentException("give sampleWeight or classWeight, not both");
    }
    if (options.sampleWeight != null) {
      if (options.sampleWeight.length != y.length) {
        throw new IllegalArgumentException("sampleWeight has " + options.sampleWeight.length
            + " values, expected one per sample (" + y.length + ")");
      }
      return options.sampleWeight;
    }
    if (options.classWeight == null) {
      return null;
    }
    float[] w = new float[y.length];
    for (int i = 0; i < y.length; i++) {
      float[] row = y[i];
      int label;
      if (row.length > 1) {
        label = 0;
        for (int k = 1; k < row.length; k++) {
          if (row[k] > row[label]) {
            label = k;
          }
        }
      } else {
        label = Math.round(row[0]);
      }
      Double cw = options.classWeight.get(label);
      w[i] = cw == null ? 1f : cw.floatValue();
    }
    return w;
  }

  private void checkData(float[][] x, float[][] y, String xName, String yName) {
    if (x == null || y == null) {
      throw new IllegalArgumentException(xName + " and " + yName + " must not be null");
    }
    if (x.length != y.length) {
      throw new IllegalArgumentException(xName + " has " + x.length + " samples but " + yName
          + " has " + y.length + "; they must match");
    }
    if (x.length == 0) {
      throw new IllegalArgumentException(xName + " has no samples");
    }
    int inSize = network.inputSize();
    int outSize = network.outputSize();
    int positions = outSize / lastAxis();
    for (int i = 0; i < x.length; i++) {
      if (x[i] == null || x[i].length != inSize) {
        throw new IllegalArgumentException(xName + "[" + i + "] has "
            + (x[i] == null ? "null" : x[i].length + " values") + ", expected " + inSize);
      }
      if (y[i] == null || (y[i].length != outSize && y[i].length != positions)) {
        throw new IllegalArgumentException(yName + "[" + i + "] has "
            + (y[i] == null ? "null" : y[i].length + " values") + ", expected " + outSize
            + (positions != outSize ? " (or " + positions + " class ids)" : "")
            + (outSize > 1 && y[i] != null && y[i].length == 1
                ? "; for class ids use a sparse categorical crossentropy loss" : ""));
      }
    }
  }

  /** Loss and metrics over {@code x, y} in inference mode, in batches of 32. */
  public Map<String, Double> evaluate(float[][] x, float[][] y) {
    return evaluate(x, y, 32);
  }

  /** Loss and metrics over {@code x, y} in inference mode (keys sorted, as Keras's return_dict). */
  public Map<String, Double> evaluate(float[][] x, float[][] y, int batchSize) {
    requireCompiled();
    checkData(x, y, "x", "y");
    ensureBuffers(Math.min(batchSize, x.length));
    int size = Math.min(batchSize, network.capacity());
    resetMetrics();
    for (int from = 0; from < x.length; from += size) {
      int batch = Math.min(size, x.length - from);
      for (int b = 0; b < batch; b++) {
        batchX[b] = x[from + b];
        batchY[b] = y[from + b];
      }
      network.forward(batchX, batch, false);
      double value = loss.compute(batchY, network.output(), null, batch, lastAxis(), null)
          + regularization(false) + network.activityPenalty();
      lossTracker.update(value, batch);
      updateMetrics(batchY, network.output(), batch);
    }
    Map<String, Double> out = new TreeMap<>();
    out.put("loss", lossTracker.result());
    for (Metric m : metrics) {
      out.put(m.name(), m.result());
    }
    return out;
  }

  /** Outputs for every sample of {@code x}, in inference mode (new rows). */
  public float[][] predict(float[][] x) {
    if (x == null) {
      throw new IllegalArgumentException("x must not be null");
    }
    float[][] out = new float[x.length][network.outputSize()];
    if (x.length == 0) {
      return out;
    }
    int size = network.capacity();
    float[][] rows = new float[size][];
    for (int from = 0; from < x.length; from += size) {
      int batch = Math.min(size, x.length - from);
      System.arraycopy(x, from, rows, 0, batch);
      network.forward(rows, batch, false);
      for (int b = 0; b < batch; b++) {
        System.arraycopy(network.output()[b], 0, out[from + b], 0, out[from + b].length);
      }
    }
    return out;
  }

  /** Number of optimizer scalars as Keras's summary counts them (slots, iteration, learning rate). */
  public long optimizerParams() {
    if (optimizer == null || optimizer.iterations() == 0) {
      return -1;
    }
    long n = 2;
    for (NamedTensor t : optimizer.variables()) {
      n += Parameter.sizeOf(t.shape());
    }
    return n;
  }

  /** Prints the Keras summary table. */
  public void summary(PrintStream out) {
    Summary.print(network, optimizerParams(), out);
  }

  private static final String ITERATIONS = "optimizer.iterations";
  private static final String OPTIMIZER = "optimizer.name";

  /** The model's weights as named tensors sharing its arrays. */
  private List<NamedTensor> weightTensors(boolean withOptimizer) {
    List<NamedTensor> tensors = new ArrayList<>(WeightsFile.tensors(network.parameters()));
    if (withOptimizer && optimizer != null) {
      optimizer.build(network.parameters());
      for (NamedTensor t : optimizer.variables()) {
        tensors.add(new NamedTensor("optimizer/" + t.name(), t.shape(), t.rows()));
      }
    }
    return tensors;
  }

  /**
   * Writes every weight and, when compiled, the optimizer state to {@code file} (atomically: a crash
   * leaves the previous file intact). Format: {@link WeightsFile}.
   */
  public void saveWeights(Path file) throws IOException {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("model", network.name());
    if (optimizer != null) {
      metadata.put(OPTIMIZER, optimizer.name());
      metadata.put(ITERATIONS, Long.toString(optimizer.iterations()));
    }
    WeightsFile.save(file, network.fingerprint(), metadata, weightTensors(optimizer != null));
  }

  /**
   * Restores weights (and the optimizer state, when this model is compiled with the same optimizer
   * and the file has it). Everything is checked before anything changes: a truncated, corrupted or
   * mismatched file throws and leaves the model as it was.
   */
  public void loadWeights(Path file) throws IOException {
    Map<String, String> metadata = WeightsFile.read(file).metadata();
    boolean withOptimizer = optimizer != null
        && optimizer.name().equals(metadata.get(OPTIMIZER));
    WeightsFile.load(file, network.fingerprint(), weightTensors(withOptimizer));
    if (withOptimizer && metadata.containsKey(ITERATIONS)) {
      optimizer.setIterations(Long.parseLong(metadata.get(ITERATIONS)));
    }
  }
}
