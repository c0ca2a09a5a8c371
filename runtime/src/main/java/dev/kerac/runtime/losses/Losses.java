package dev.kerac.runtime.losses;

import java.util.Locale;

/**
 * The built-in Keras losses, by constant, factory or Keras string identifier. Every loss uses the
 * default Keras reduction {@code sum_over_batch_size}.
 *
 * <p>Losses hold only their configuration and no scratch state, so the constants and any instance
 * may be shared freely between models and threads. Factories return a new instance per call.
 *
 * <pre>{@code
 * model.compile(new Adam(1e-3), Losses.CATEGORICAL_CROSSENTROPY, ...);
 * Loss smoothed = Losses.categoricalCrossentropy(false, 0.1f);
 * Loss byKerasName = Losses.byName("mse");
 * }</pre>
 */
public final class Losses {

  public static final Loss MEAN_SQUARED_ERROR = new MeanSquaredError("mean_squared_error");
  public static final Loss MEAN_ABSOLUTE_ERROR = new MeanAbsoluteError("mean_absolute_error");
  public static final Loss MEAN_ABSOLUTE_PERCENTAGE_ERROR =
      new MeanAbsolutePercentageError("mean_absolute_percentage_error");
  public static final Loss MEAN_SQUARED_LOGARITHMIC_ERROR =
      new MeanSquaredLogarithmicError("mean_squared_logarithmic_error");
  public static final Loss POISSON = new Poisson("poisson");
  public static final Loss KL_DIVERGENCE = new KLDivergence("kl_divergence");
  public static final Loss LOG_COSH = new LogCosh("log_cosh");
  /** Huber with {@code delta = 1.0}. */
  public static final Loss HUBER = new Huber("huber_loss", 1.0);
  public static final Loss HINGE = new Hinge("hinge");
  public static final Loss SQUARED_HINGE = new SquaredHinge("squared_hinge");
  public static final Loss CATEGORICAL_HINGE = new CategoricalHinge("categorical_hinge");
  public static final Loss COSINE_SIMILARITY = new CosineSimilarity("cosine_similarity");
  /** On probabilities, no label smoothing. */
  public static final Loss BINARY_CROSSENTROPY =
      new BinaryCrossentropy("binary_crossentropy", false, 0f);
  /** On probabilities, no label smoothing. */
  public static final Loss CATEGORICAL_CROSSENTROPY =
      new CategoricalCrossentropy("categorical_crossentropy", false, 0f);
  /** On probabilities. */
  public static final Loss SPARSE_CATEGORICAL_CROSSENTROPY =
      new SparseCategoricalCrossentropy("sparse_categorical_crossentropy", false);

  private static final String IDENTIFIERS = "mean_squared_error (mse, MSE, MeanSquaredError), "
      + "mean_absolute_error (mae, MAE, MeanAbsoluteError), "
      + "mean_absolute_percentage_error (mape, MAPE, MeanAbsolutePercentageError), "
      + "mean_squared_logarithmic_error (msle, MSLE, MeanSquaredLogarithmicError), "
      + "poisson (Poisson), kl_divergence (kld, KLD, KLDivergence), log_cosh (logcosh, LogCosh), "
      + "huber (Huber), hinge (Hinge), squared_hinge (SquaredHinge), "
      + "categorical_hinge (CategoricalHinge), cosine_similarity (CosineSimilarity), "
      + "binary_crossentropy (bce, BCE, BinaryCrossentropy), "
      + "categorical_crossentropy (CategoricalCrossentropy), "
      + "sparse_categorical_crossentropy (SparseCategoricalCrossentropy), crossentropy (ce)";

  private Losses() {}

  /** Keras {@code Huber(delta)}. */
  public static Loss huber(double delta) {
    if (!(delta > 0) || Double.isInfinite(delta)) {
      throw new IllegalArgumentException("Huber delta must be positive and finite, got " + delta);
    }
    return new Huber("huber_loss", delta);
  }

  /** Keras {@code BinaryCrossentropy(from_logits, label_smoothing)}. */
  public static Loss binaryCrossentropy(boolean fromLogits, float labelSmoothing) {
    return new BinaryCrossentropy(
        "binary_crossentropy", fromLogits, checkSmoothing("BinaryCrossentropy", labelSmoothing));
  }

  /** Keras {@code CategoricalCrossentropy(from_logits, label_smoothing)}. */
  public static Loss categoricalCrossentropy(boolean fromLogits, float labelSmoothing) {
    return new CategoricalCrossentropy("categorical_crossentropy", fromLogits,
        checkSmoothing("CategoricalCrossentropy", labelSmoothing));
  }

  /** Keras {@code SparseCategoricalCrossentropy(from_logits)}. */
  public static Loss sparseCategoricalCrossentropy(boolean fromLogits) {
    return new SparseCategoricalCrossentropy("sparse_categorical_crossentropy", fromLogits);
  }

  private static float checkSmoothing(String loss, float s) {
    if (!(s >= 0f && s <= 1f)) {
      throw new IllegalArgumentException(loss + " label_smoothing must be in [0, 1], got " + s);
    }
    return s;
  }

  /**
   * The loss Keras' {@code compile(loss="...")} resolves a string to: a function name
   * ({@code mean_squared_error}), a class name ({@code MeanSquaredError}) or an alias ({@code mse},
   * {@code MSE}, {@code mae}, {@code mape}, {@code msle}, {@code kld}, {@code bce}, {@code logcosh}),
   * with default arguments. Function names and aliases keep the given string as the loss name, class
   * names get the class' default name, as in Keras. {@code crossentropy}/{@code ce} depend on the
   * shapes: use {@link #byName(String, int, boolean)}.
   *
   * @throws IllegalArgumentException for an unknown identifier, listing the known ones
   */
  public static Loss byName(String identifier) {
    if (identifier == null) {
      throw new IllegalArgumentException("loss identifier must not be null; expected one of "
          + IDENTIFIERS);
    }
    switch (identifier) {
      case "crossentropy":
      case "ce":
        throw new IllegalArgumentException("loss '" + identifier + "' is chosen from the shapes of the "
            + "labels and outputs; use Losses.byName(\"" + identifier
            + "\", outputLastAxis, labelsAreClassIds)");
      default:
        break;
    }
    Loss loss = resolve(identifier);
    if (loss == null) {
      throw new IllegalArgumentException("unknown loss '" + identifier + "'" + suggestion(identifier)
          + "; expected one of " + IDENTIFIERS);
    }
    return loss;
  }

  /**
   * As {@link #byName(String)}, also resolving {@code crossentropy}/{@code ce} as Keras does from the
   * shapes: binary when the output's last axis has size 1, else sparse categorical when the labels are
   * class ids (lower rank than the output, or a last axis of size 1), else categorical.
   */
  public static Loss byName(String identifier, int outputLastAxis, boolean labelsAreClassIds) {
    if ("crossentropy".equals(identifier) || "ce".equals(identifier)) {
      if (outputLastAxis < 1) {
        throw new IllegalArgumentException("outputLastAxis must be positive, got " + outputLastAxis);
      }
      if (outputLastAxis == 1) {
        return new BinaryCrossentropy(identifier, false, 0f);
      }
      return labelsAreClassIds
          ? new SparseCategoricalCrossentropy(identifier, false)
          : new CategoricalCrossentropy(identifier, false, 0f);
    }
    return byName(identifier);
  }

  private static Loss resolve(String id) {
    switch (id) {
      case "mean_squared_error": return MEAN_SQUARED_ERROR;
      case "mse": case "MSE": return new MeanSquaredError(id);
      case "MeanSquaredError": return MEAN_SQUARED_ERROR;
      case "mean_absolute_error": return MEAN_ABSOLUTE_ERROR;
      case "mae": case "MAE": return new MeanAbsoluteError(id);
      case "MeanAbsoluteError": return MEAN_ABSOLUTE_ERROR;
      case "mean_absolute_percentage_error": return MEAN_ABSOLUTE_PERCENTAGE_ERROR;
      case "mape": case "MAPE": return new MeanAbsolutePercentageError(id);
      case "MeanAbsolutePercentageError": return MEAN_ABSOLUTE_PERCENTAGE_ERROR;
      case "mean_squared_logarithmic_error": return MEAN_SQUARED_LOGARITHMIC_ERROR;
      case "msle": case "MSLE": return new MeanSquaredLogarithmicError(id);
      case "MeanSquaredLogarithmicError": return MEAN_SQUARED_LOGARITHMIC_ERROR;
      case "poisson": case "Poisson": return POISSON;
      case "kl_divergence": case "KLDivergence": return KL_DIVERGENCE;
      case "kld": case "KLD": return new KLDivergence(id);
      case "log_cosh": case "LogCosh": return LOG_COSH;
      case "logcosh": return new LogCosh(id);
      case "huber": return new Huber(id, 1.0);
      case "Huber": return HUBER;
      case "hinge": case "Hinge": return HINGE;
      case "squared_hinge": case "SquaredHinge": return SQUARED_HINGE;
      case "categorical_hinge": case "CategoricalHinge": return CATEGORICAL_HINGE;
      case "cosine_similarity": case "CosineSimilarity": return COSINE_SIMILARITY;
      case "binary_crossentropy": case "BinaryCrossentropy": return BINARY_CROSSENTROPY;
      case "bce": case "BCE": return new BinaryCrossentropy(id, false, 0f);
      case "categorical_crossentropy": case "CategoricalCrossentropy": return CATEGORICAL_CROSSENTROPY;
      case "sparse_categorical_crossentropy": case "SparseCategoricalCrossentropy":
        return SPARSE_CATEGORICAL_CROSSENTROPY;
      default: return null;
    }
  }

  private static String suggestion(String id) {
    String lower = id.toLowerCase(Locale.ROOT).replace("_", "");
    String[] known = {"mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
        "mean_squared_logarithmic_error", "poisson", "kl_divergence", "log_cosh", "huber", "hinge",
        "squared_hinge", "categorical_hinge", "cosine_similarity", "binary_crossentropy",
        "categorical_crossentropy", "sparse_categorical_crossentropy"};
    for (String k : known) {
      if (k.replace("_", "").equals(lower)) {
        return " (did you mean '" + k + "'?)";
      }
    }
    return "";
  }
}
