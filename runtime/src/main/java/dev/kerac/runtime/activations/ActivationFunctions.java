package dev.kerac.runtime.activations;

import java.util.List;

/**
 * Factories for every Keras activation function ({@code keras.activations}), as {@link ActivationFunction}s.
 * Generated models call these with every argument spelled out (the Keras defaults included);
 * {@link #byName} resolves a Keras name with the Keras function defaults. Formulas, defaults and kink
 * conventions follow Keras 3 on the JAX backend; each implementation's Javadoc states its own.
 *
 * <pre>{@code
 * ActivationFunction act = ActivationFunctions.relu(0f, Float.NaN, 0f);   // Keras relu(x)
 * act.forward(z, y, n);
 * act.backward(z, y, dy, dz, n);
 * ActivationFunction probs = ActivationFunctions.byName("softmax", 10);   // groups of 10
 * }</pre>
 *
 * <p>Element-wise functions ignore any grouping; softmax, log_softmax, sparsemax and glu work on
 * consecutive groups of {@code axisSize} elements (the last axis). Every instance but sparsemax's is
 * stateless; sparsemax owns sort scratch, so give each thread its own.
 */
public final class ActivationFunctions {

  private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
  private static final double SELU_SCALE = 1.0507009873554804934193349852946;

  /** Every name {@link #byName} accepts, Keras' own spelling, aliases included. */
  private static final List<String> NAMES = List.of(
      "linear", "relu", "relu6", "leaky_relu", "elu", "selu", "celu", "gelu", "sigmoid", "hard_sigmoid",
      "log_sigmoid", "sparse_sigmoid", "silu", "swish", "hard_silu", "hard_swish", "tanh", "hard_tanh",
      "tanh_shrink", "soft_shrink", "hard_shrink", "softplus", "softsign", "sparse_plus", "squareplus",
      "mish", "exponential", "threshold", "softmax", "log_softmax", "sparsemax", "glu");

  private ActivationFunctions() {}

  /** The names {@link #byName} resolves, in Keras' spelling (including {@code swish} and {@code hard_swish}). */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * The Keras activation {@code kerasName} with the Keras function defaults, e.g. {@code leaky_relu}
   * with slope 0.2, {@code gelu} exact, {@code soft_shrink} threshold 0.5, {@code squareplus} b = 4.
   * Aliases: {@code swish} is silu, {@code hard_swish} is hard_silu (their {@link
   * ActivationFunction#kerasName()} is the canonical name, as Keras serializes them).
   *
   * @param axisSize the length of the last axis; used by softmax, log_softmax, sparsemax, glu, ignored
   *     by the element-wise functions
   * @throws IllegalArgumentException for an unknown name (the message lists the valid ones), for
   *     {@code threshold} (it has no defaults: use {@link #threshold(float, float)}), or a bad axis size
   */
  public static ActivationFunction byName(String kerasName, int axisSize) {
    if (kerasName == null) {
      throw new IllegalArgumentException("activation name is null; expected one of " + NAMES);
    }
    return switch (kerasName) {
      case "linear" -> linear();
      case "relu" -> relu(0f, Float.NaN, 0f);
      case "relu6" -> relu6();
      case "leaky_relu" -> leakyRelu(0.2f);
      case "elu" -> elu(1f);
      case "selu" -> selu();
      case "celu" -> celu(1f);
      case "gelu" -> gelu(false);
      case "sigmoid" -> sigmoid();
      case "hard_sigmoid" -> hardSigmoid();
      case "log_sigmoid" -> logSigmoid();
      case "sparse_sigmoid" -> sparseSigmoid();
      case "silu", "swish" -> silu();
      case "hard_silu", "hard_swish" -> hardSilu();
      case "tanh" -> tanh();
      case "hard_tanh" -> hardTanh();
      case "tanh_shrink" -> tanhShrink();
      case "soft_shrink" -> softShrink(0.5f);
      case "hard_shrink" -> hardShrink(0.5f);
      case "softplus" -> softplus();
      case "softsign" -> softsign();
      case "sparse_plus" -> sparsePlus();
      case "squareplus" -> squareplus(4f);
      case "mish" -> mish();
      case "exponential" -> exponential();
      case "threshold" -> throw new IllegalArgumentException("activation 'threshold' has no defaults: Keras"
          + " requires both threshold and default_value; use ActivationFunctions.threshold(threshold, defaultValue)");
      case "softmax" -> softmax(axisSize);
      case "log_softmax" -> logSoftmax(axisSize);
      case "sparsemax" -> sparsemax(axisSize);
      case "glu" -> glu(axisSize);
      default -> throw new IllegalArgumentException(
          "unknown activation '" + kerasName + "'; expected one of " + NAMES);
    };
  }

  /** {@code linear}: {@code y = x}. */
  public static ActivationFunction linear() {
    return new Rectifiers.Linear();
  }

  /**
   * {@code relu(x, negative_slope, max_value, threshold)} in Keras' evaluation order:
   * {@code p = x} where {@code x > threshold} else 0; {@code p = clip(p, 0, max_value)} if max_value is
   * set; {@code y = p - negative_slope * max(threshold - x, 0)}. Keras defaults: {@code relu(0f,
   * Float.NaN, 0f)}. Derivative 0 at every kink, except with only {@code negative_slope} set (then it is
   * leaky_relu, derivative 1 at 0).
   *
   * @param maxValue the upper bound, {@code NaN} for none
   */
  public static ActivationFunction relu(float negativeSlope, float maxValue, float threshold) {
    requireFinite("relu", "negative_slope", negativeSlope);
    requireFinite("relu", "threshold", threshold);
    if (!Float.isNaN(maxValue) && !(maxValue >= 0f)) {
      throw new IllegalArgumentException(
          "relu: max_value must be >= 0 (or NaN for none); received: max_value=" + maxValue);
    }
    String d = "relu(negative_slope=" + negativeSlope + ", max_value="
        + (Float.isNaN(maxValue) ? "None" : String.valueOf(maxValue)) + ", threshold=" + threshold + ")";
    boolean noMax = Float.isNaN(maxValue);
    if (threshold == 0f && negativeSlope == 0f && noMax) {
      return new Rectifiers.Relu("relu", d);
    }
    if (threshold == 0f && negativeSlope == 0f && maxValue == 6f) {
      return new Rectifiers.Relu6("relu", d);
    }
    if (threshold == 0f && noMax) {
      return new Rectifiers.LeakyRelu("relu", d, negativeSlope);
    }
    return new Rectifiers.GeneralRelu(d, negativeSlope, maxValue, threshold);
  }

  /** {@code relu6}: {@code min(max(x, 0), 6)}; derivative 0 at 0 and 6. */
  public static ActivationFunction relu6() {
    return new Rectifiers.Relu6("relu6", "relu6");
  }

  /**
   * {@code leaky_relu}: {@code x} if {@code x >= 0} else {@code negativeSlope * x} (Keras function default
   * 0.2; the LeakyReLU layer's is 0.3). Derivative 1 at 0.
   */
  public static ActivationFunction leakyRelu(float negativeSlope) {
    requireFinite("leaky_relu", "negative_slope", negativeSlope);
    return new Rectifiers.LeakyRelu("leaky_relu", "leaky_relu(negative_slope=" + negativeSlope + ")", negativeSlope);
  }

  /** {@code elu}: {@code x} if {@code x > 0} else {@code alpha*(e^x - 1)} (default alpha 1). */
  public static ActivationFunction elu(float alpha) {
    requireFinite("elu", "alpha", alpha);
    return new Rectifiers.Elu("elu", "elu(alpha=" + alpha + ")", alpha, 1.0);
  }

  /** {@code selu}: {@code scale * elu(x, alpha)}, alpha = 1.67326324..., scale = 1.05070098... */
  public static ActivationFunction selu() {
    return new Rectifiers.Elu("selu", "selu", SELU_ALPHA, SELU_SCALE);
  }

  /** {@code celu}: {@code max(x, 0) + alpha*(exp(min(x, 0)/alpha) - 1)} (default alpha 1, must not be 0). */
  public static ActivationFunction celu(float alpha) {
    requireFinite("celu", "alpha", alpha);
    if (alpha == 0f) {
      throw new IllegalArgumentException("celu divides by alpha, so alpha must not be 0; received: alpha=0.0");
    }
    return new Rectifiers.Celu("celu(alpha=" + alpha + ")", alpha);
  }

  /**
   * {@code gelu}: exact {@code x * Phi(x)} (the Keras activation default, {@code approximate=false}) or
   * the tanh approximation {@code x/2 (1 + tanh(sqrt(2/pi)(x + 0.044715 x^3)))}.
   */
  public static ActivationFunction gelu(boolean approximate) {
    return approximate ? new SelfGated.GeluTanh() : new SelfGated.Gelu();
  }

  /** {@code sigmoid}: {@code 1/(1 + e^-x)}, without overflow. */
  public static ActivationFunction sigmoid() {
    return new Squashers.Sigmoid();
  }

  /** {@code hard_sigmoid}: {@code relu6(x + 3)/6} (not Keras 2's {@code 0.2x + 0.5}). */
  public static ActivationFunction hardSigmoid() {
    return new Squashers.HardSigmoid();
  }

  /** {@code log_sigmoid}: {@code -softplus(-x)}. */
  public static ActivationFunction logSigmoid() {
    return new Squashers.LogSigmoid();
  }

  /** {@code sparse_sigmoid}: {@code clip((x + 1)/2, 0, 1)}. */
  public static ActivationFunction sparseSigmoid() {
    return new Squashers.SparseSigmoid();
  }

  /** {@code silu} (alias {@code swish}): {@code x * sigmoid(x)}. */
  public static ActivationFunction silu() {
    return new SelfGated.Silu();
  }

  /** {@code hard_silu} (alias {@code hard_swish}): {@code x * relu6(x + 3)/6}. */
  public static ActivationFunction hardSilu() {
    return new SelfGated.HardSilu();
  }

  /** {@code tanh}. */
  public static ActivationFunction tanh() {
    return new Squashers.Tanh();
  }

  /** {@code hard_tanh}: {@code clip(x, -1, 1)}; derivative 1 at -1 and 1. */
  public static ActivationFunction hardTanh() {
    return new Squashers.HardTanh();
  }

  /** {@code tanh_shrink}: {@code x - tanh(x)}. */
  public static ActivationFunction tanhShrink() {
    return new Shrinkers.TanhShrink();
  }

  /** {@code soft_shrink}: {@code x - t} if {@code x > t}, {@code x + t} if {@code x < -t}, else 0 (default t 0.5). */
  public static ActivationFunction softShrink(float threshold) {
    requireFinite("soft_shrink", "threshold", threshold);
    return new Shrinkers.SoftShrink("soft_shrink(threshold=" + threshold + ")", threshold);
  }

  /** {@code hard_shrink}: {@code x} if {@code |x| > t} else 0 (default t 0.5). */
  public static ActivationFunction hardShrink(float threshold) {
    requireFinite("hard_shrink", "threshold", threshold);
    return new Shrinkers.HardShrink("hard_shrink(threshold=" + threshold + ")", threshold);
  }

  /** {@code softplus}: {@code log(1 + e^x)}, stable for any x. */
  public static ActivationFunction softplus() {
    return new SmoothRectifiers.Softplus();
  }

  /** {@code softsign}: {@code x/(1 + |x|)}. */
  public static ActivationFunction softsign() {
    return new Squashers.Softsign();
  }

  /** {@code sparse_plus}: 0 for {@code x <= -1}, {@code (x + 1)^2/4} for {@code -1 < x < 1}, else x. */
  public static ActivationFunction sparsePlus() {
    return new SmoothRectifiers.SparsePlus();
  }

  /** {@code squareplus}: {@code (x + sqrt(x^2 + b))/2} (default b 4; b must be >= 0). */
  public static ActivationFunction squareplus(float b) {
    if (!(b >= 0f) || Float.isInfinite(b)) {
      throw new IllegalArgumentException("squareplus: b must be finite and >= 0; received: b=" + b);
    }
    return new SmoothRectifiers.Squareplus("squareplus(b=" + b + ")", b);
  }

  /** {@code mish}: {@code x * tanh(softplus(x))}. */
  public static ActivationFunction mish() {
    return new SelfGated.Mish();
  }

  /** {@code exponential}: {@code e^x}. */
  public static ActivationFunction exponential() {
    return new SmoothRectifiers.Exponential();
  }

  /**
   * {@code threshold}: {@code x} if {@code x > threshold} else {@code defaultValue}. Keras gives neither a
   * default. Derivative 0 at the threshold.
   */
  public static ActivationFunction threshold(float threshold, float defaultValue) {
    if (Float.isNaN(threshold) || Float.isNaN(defaultValue)) {
      throw new IllegalArgumentException("threshold: threshold and default_value must be numbers; received:"
          + " threshold=" + threshold + ", default_value=" + defaultValue);
    }
    return new Rectifiers.Threshold(
        "threshold(threshold=" + threshold + ", default_value=" + defaultValue + ")", threshold, defaultValue);
  }

  /** {@code softmax} over each group of {@code axisSize} consecutive elements. */
  public static ActivationFunction softmax(int axisSize) {
    return new AxisWise.Softmax(axisSize);
  }

  /** {@code log_softmax} over each group of {@code axisSize} consecutive elements. */
  public static ActivationFunction logSoftmax(int axisSize) {
    return new AxisWise.LogSoftmax(axisSize);
  }

  /**
   * {@code sparsemax} over each group of {@code axisSize} consecutive elements, with Keras' threshold
   * (see {@code Sparsemax}: it differs from the textbook one). Owns scratch: one instance per thread.
   */
  public static ActivationFunction sparsemax(int axisSize) {
    return new Sparsemax(axisSize);
  }

  /**
   * {@code glu} over each group of {@code axisSize} (even) consecutive inputs {@code a | b}: outputs
   * {@code a * sigmoid(b)}, {@code axisSize/2} per group, so {@code outputCount(n) = n/2}.
   */
  public static ActivationFunction glu(int axisSize) {
    return new AxisWise.Glu(axisSize);
  }

  private static void requireFinite(String function, String arg, float value) {
    if (!Float.isFinite(value)) {
      throw new IllegalArgumentException(
          function + ": " + arg + " must be a finite number; received: " + arg + "=" + value);
    }
  }
}
