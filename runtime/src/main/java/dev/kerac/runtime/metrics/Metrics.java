package dev.kerac.runtime.metrics;

import dev.kerac.runtime.losses.Loss;
import dev.kerac.runtime.losses.Losses;
import dev.kerac.runtime.losses.SparseCategoricalCrossentropy;
import java.util.Locale;

/**
 * The built-in Keras metrics. Metrics are stateful (they accumulate over an epoch), so every factory
 * returns a new instance: give each model its own. Names are the ones Keras shows in logs and the
 * progress bar: the class' default name ({@code categorical_accuracy}, {@code precision},
 * {@code auc}), or, through {@link #byName}, the string the user typed ({@code "acc"}, {@code "mae"}).
 *
 * <p><b>Sample weights.</b> Every metric accepts per-row sample weights and applies them as the
 * corresponding Keras metric object does when given {@code sample_weight} (Keras
 * {@code weighted_metrics=}). Keras ignores sample and class weights for plain {@code metrics=}: a
 * training loop mirroring that passes {@code null}.
 *
 * <pre>{@code
 * Metric acc = Metrics.byName(Metrics.ACCURACY, Losses.SPARSE_CATEGORICAL_CROSSENTROPY);
 * acc.reset();
 * acc.update(labels, probs, null, batch, 10);
 * System.out.println(acc.name() + ": " + acc.result());
 * }</pre>
 */
public final class Metrics {

  /**
   * Keras' {@code "accuracy"}: binary, sparse categorical or categorical accuracy chosen from the
   * shapes; resolve it with {@link #byName} or {@link #accuracyFor}.
   */
  public static final String ACCURACY = "accuracy";

  private static final String IDENTIFIERS = "accuracy (acc), binary_accuracy, categorical_accuracy, "
      + "sparse_categorical_accuracy, top_k_categorical_accuracy, "
      + "sparse_top_k_categorical_accuracy, precision, recall, auc, mean_squared_error (mse), "
      + "mean_absolute_error (mae), mean_absolute_percentage_error (mape), "
      + "mean_squared_logarithmic_error (msle), root_mean_squared_error, cosine_similarity, "
      + "the Keras class names of these (BinaryAccuracy, AUC, ...), or any loss identifier";

  private Metrics() {}

  /** A running weighted mean, e.g. {@code mean("loss")} for the reported loss. */
  public static Mean mean(String name) {
    return new Mean(name);
  }

  /** Keras {@code "accuracy"}, resolved from the shapes of each update (see {@link #accuracyFor}). */
  public static Metric accuracy() {
    return new ShapeResolvedAccuracy(ACCURACY);
  }

  /**
   * The accuracy Keras' {@code compile(metrics=["accuracy"])} picks for a model with this loss and
   * output: {@link BinaryAccuracy} when the output's last axis has size 1, else
   * {@link SparseCategoricalAccuracy} when the labels are class ids (a sparse categorical
   * crossentropy loss), else {@link CategoricalAccuracy}. Named {@code accuracy}.
   */
  public static Metric accuracyFor(Loss loss, int outputLastAxis) {
    return accuracyFor(ACCURACY, loss, outputLastAxis);
  }

  private static Metric accuracyFor(String name, Loss loss, int outputLastAxis) {
    if (outputLastAxis < 1) {
      throw new IllegalArgumentException("outputLastAxis must be positive, got " + outputLastAxis);
    }
    if (outputLastAxis == 1) {
      return new BinaryAccuracy(name, 0.5f);
    }
    return loss instanceof SparseCategoricalCrossentropy
        ? new SparseCategoricalAccuracy(name)
        : new CategoricalAccuracy(name);
  }

  /** Keras {@code BinaryAccuracy(threshold)}; Keras' default threshold is 0.5. */
  public static Metric binaryAccuracy(float threshold) {
    return new BinaryAccuracy("binary_accuracy", checkThreshold(threshold));
  }

  public static Metric categoricalAccuracy() {
    return new CategoricalAccuracy("categorical_accuracy");
  }

  public static Metric sparseCategoricalAccuracy() {
    return new SparseCategoricalAccuracy("sparse_categorical_accuracy");
  }

  /** Keras {@code TopKCategoricalAccuracy(k)}; Keras' default k is 5. */
  public static Metric topKCategoricalAccuracy(int k) {
    return new TopKCategoricalAccuracy("top_k_categorical_accuracy", k);
  }

  /** Keras {@code SparseTopKCategoricalAccuracy(k)}; Keras' default k is 5. */
  public static Metric sparseTopKCategoricalAccuracy(int k) {
    return new SparseTopKCategoricalAccuracy("sparse_top_k_categorical_accuracy", k);
  }

  /** Same as {@link #sparseTopKCategoricalAccuracy(int)}. */
  public static Metric sparseTopK(int k) {
    return sparseTopKCategoricalAccuracy(k);
  }

  public static Metric meanAbsoluteError() {
    return new LossMetric("mean_absolute_error", Losses.MEAN_ABSOLUTE_ERROR, false);
  }

  public static Metric meanSquaredError() {
    return new LossMetric("mean_squared_error", Losses.MEAN_SQUARED_ERROR, false);
  }

  public static Metric rootMeanSquaredError() {
    return new RootMeanSquaredError("root_mean_squared_error");
  }

  /** Keras {@code Precision()} at threshold 0.5. */
  public static Metric precision() {
    return new Precision("precision", 0.5f);
  }

  public static Metric precision(float threshold) {
    return new Precision("precision", threshold);
  }

  /** Keras {@code Recall()} at threshold 0.5. */
  public static Metric recall() {
    return new Recall("recall", 0.5f);
  }

  public static Metric recall(float threshold) {
    return new Recall("recall", threshold);
  }

  /** Keras {@code AUC()}: ROC, 200 thresholds, trapezoidal interpolation, on probabilities. */
  public static Metric auc() {
    return new AUC("auc", 200, false);
  }

  public static Metric auc(int numThresholds, boolean fromLogits) {
    return new AUC("auc", numThresholds, fromLogits);
  }

  /**
   * The metric Keras' {@code compile(metrics=[identifier])} creates, named by the identifier as
   * Keras logs it. {@code "accuracy"}/{@code "acc"} (any case) picks binary, sparse or categorical
   * accuracy: sparse when {@code loss} is a sparse categorical crossentropy, otherwise from the shapes
   * of each update (binary when the output's last axis is 1). Other identifiers: Keras metric class
   * names and their snake_case forms, the aliases {@code mse}, {@code mae}, {@code mape},
   * {@code msle}, {@code bce}, and any {@link Losses#byName loss identifier} (the loss streamed as a
   * mean). Every call returns a new instance.
   *
   * @param loss the model's loss, or null if unknown
   * @throws IllegalArgumentException for an unknown identifier, listing the known ones
   */
  public static Metric byName(String identifier, Loss loss) {
    if (identifier == null) {
      throw new IllegalArgumentException("metric identifier must not be null; expected one of "
          + IDENTIFIERS);
    }
    String lower = identifier.toLowerCase(Locale.ROOT);
    if (lower.equals("accuracy") || lower.equals("acc")) {
      return loss instanceof SparseCategoricalCrossentropy
          ? new SparseCategoricalAccuracy(identifier)
          : new ShapeResolvedAccuracy(identifier);
    }
    switch (identifier) {
      case "binary_accuracy": case "BinaryAccuracy":
        return new BinaryAccuracy(identifier, 0.5f);
      case "categorical_accuracy": case "CategoricalAccuracy":
        return new CategoricalAccuracy(identifier);
      case "sparse_categorical_accuracy": case "SparseCategoricalAccuracy":
        return new SparseCategoricalAccuracy(identifier);
      case "top_k_categorical_accuracy": case "TopKCategoricalAccuracy":
        return new TopKCategoricalAccuracy(identifier, 5);
      case "sparse_top_k_categorical_accuracy": case "SparseTopKCategoricalAccuracy":
        return new SparseTopKCategoricalAccuracy(identifier, 5);
      case "precision": case "Precision":
        return new Precision(identifier, 0.5f);
      case "recall": case "Recall":
        return new Recall(identifier, 0.5f);
      case "auc": case "AUC":
        return new AUC(identifier, 200, false);
      case "root_mean_squared_error": case "RootMeanSquaredError":
        return new RootMeanSquaredError(identifier);
      case "cosine_similarity": case "CosineSimilarity":
        // the metric is the positive similarity (+1 best), the loss its negative
        return new LossMetric(identifier, Losses.COSINE_SIMILARITY, true);
      case "log_cosh_error": case "LogCoshError":
        return new LossMetric(identifier, Losses.LOG_COSH, false);
      default:
        break;
    }
    Loss asLoss;
    try {
      asLoss = Losses.byName(identifier);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown metric '" + identifier + "'; expected one of "
          + IDENTIFIERS, e);
    }
    return new LossMetric(identifier, asLoss, false);
  }

  // ---- shared argument checks (allocation only on the error path) ----

  static String checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a metric name must be a non-empty string, got "
          + (name == null ? "null" : "\"\""));
    }
    return name;
  }

  static float checkThreshold(float threshold) {
    if (!(threshold >= 0f && threshold <= 1f)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
    }
    return threshold;
  }

  static int checkK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive, got " + k);
    }
    return k;
  }

  static void checkBatch(
      String name, float[][] yTrue, float[][] yPred, float[] sampleWeight, int batch, int lastAxis) {
    if (yTrue == null || yPred == null) {
      throw new IllegalArgumentException(name + ": yTrue and yPred must not be null");
    }
    if (batch < 0 || batch > yPred.length || batch > yTrue.length) {
      throw new IllegalArgumentException(name + ": batch must be in [0, "
          + Math.min(yPred.length, yTrue.length) + "] (rows of yPred/yTrue), got " + batch);
    }
    if (lastAxis < 1) {
      throw new IllegalArgumentException(name + ": lastAxis must be positive, got " + lastAxis);
    }
    if (sampleWeight != null && sampleWeight.length < batch) {
      throw new IllegalArgumentException(name + ": expected one sample weight per row (" + batch
          + "), got " + sampleWeight.length);
    }
    if (batch > 0) {
      int len = yPred[0].length;
      if (len < lastAxis || len % lastAxis != 0) {
        throw new IllegalArgumentException(name + ": a yPred row must hold whole positions of lastAxis="
            + lastAxis + " values, got a row of " + len);
      }
    }
  }

  static void checkRow(
      String name, float[][] yTrue, float[][] yPred, int r, int len, int labelLength, boolean sparse) {
    if (yPred[r].length != len) {
      throw new IllegalArgumentException(name + ": yPred row " + r + " has " + yPred[r].length
          + " values, expected " + len + " like row 0");
    }
    if (yTrue[r].length != labelLength) {
      throw new IllegalArgumentException(name + ": yTrue row " + r + " has " + yTrue[r].length
          + " values, expected " + labelLength
          + (sparse ? " (one class id per position)" : " (same layout as yPred)"));
    }
  }
}
