package dev.kerac.runtime.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code fit}, with Keras's names and defaults: batch size 32, shuffling on (seeded),
 * verbose 1, one epoch.
 *
 * <pre>{@code
 * History h = model.fit(x, y, Fit.epochs(10).batchSize(128).validationSplit(0.1));
 * }</pre>
 */
public final class Fit {
  int epochs = 1;
  int batchSize = 32;
  boolean shuffle = true;
  long seed = 0;
  double validationSplit = 0;
  float[][] validationX;
  float[][] validationY;
  Map<Integer, Double> classWeight;
  float[] sampleWeight;
  int initialEpoch = 0;
  final List<Callback> callbacks = new ArrayList<>();
  int verbose = 1;
  PrintStream out = System.out;

  private Fit() {}

  /** Options with {@code epochs} as the epoch to stop at (Keras: {@code range(initial_epoch, epochs)}). */
  public static Fit epochs(int epochs) {
    if (epochs < 0) {
      throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
    }
    Fit f = new Fit();
    f.epochs = epochs;
    return f;
  }

  public Fit batchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    this.batchSize = batchSize;
    return this;
  }

  /** Whether to shuffle the training samples before each epoch (default true). */
  public Fit shuffle(boolean shuffle) {
    this.shuffle = shuffle;
    return this;
  }

  /** Seed of the shuffling order (default 0): the same seed gives the same batches. */
  public Fit seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** The LAST {@code fraction} of the samples (before shuffling) is held out for validation. */
  public Fit validationSplit(double fraction) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("validationSplit must be in [0, 1), got " + fraction);
    }
    this.validationSplit = fraction;
    return this;
  }

  /** Validation samples evaluated after each epoch (overrides {@link #validationSplit}). */
  public Fit validationData(float[][] x, float[][] y) {
    if (x == null || y == null || x.length != y.length) {
      throw new IllegalArgumentException("validationData needs x and y of the same length, got "
          + (x == null ? "null" : x.length) + " and " + (y == null ? "null" : y.length));
    }
    this.validationX = x;
    this.validationY = y;
    return this;
  }

  /** Per-class loss weights (class id -> weight; missing classes weigh 1). */
  public Fit classWeight(Map<Integer, Double> classWeight) {
    this.classWeight = new LinkedHashMap<>(classWeight);
    return this;
  }

  /** One loss weight per training sample. */
  public Fit sampleWeight(float[] sampleWeight) {
    this.sampleWeight = sampleWeight.clone();
    return this;
  }

  /** The epoch to start from (0-based), e.g. to resume. */
  public Fit initialEpoch(int initialEpoch) {
    if (initialEpoch < 0) {
      throw new IllegalArgumentException("initialEpoch must be >= 0, got " + initialEpoch);
    }
    this.initialEpoch = initialEpoch;
    return this;
  }

  public Fit callbacks(Callback... callbacks) {
    this.callbacks.addAll(Arrays.asList(callbacks));
    return this;
  }

  /** 0 = silent, 1 = progress bar, 2 = one line per epoch. */
  public Fit verbose(int verbose) {
    if (verbose < 0 || verbose > 2) {
      throw new IllegalArgumentException("verbose must be 0, 1 or 2, got " + verbose);
    }
    this.verbose = verbose;
    return this;
  }

  /** Where the progress bar and callback messages go (default {@code System.out}). */
  public Fit output(PrintStream out) {
    this.out = out;
    return this;
  }
}
