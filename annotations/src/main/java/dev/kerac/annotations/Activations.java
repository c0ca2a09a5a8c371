package dev.kerac.annotations;

/**
 * The Keras activation functions, for {@code activation =} on layers and {@link Activation}. Names and
 * defaults follow {@code keras.activations}: e.g. {@link #LEAKY_RELU} has slope 0.2 and {@link #GELU}
 * is the exact (erf) form.
 *
 * <pre>{@code
 * @Dense(units = 128, activation = Activations.RELU) Layer hidden;
 * }</pre>
 */
public enum Activations {
  LINEAR("linear"),
  RELU("relu"),
  RELU6("relu6"),
  LEAKY_RELU("leaky_relu"),
  ELU("elu"),
  SELU("selu"),
  CELU("celu"),
  GELU("gelu"),
  SIGMOID("sigmoid"),
  HARD_SIGMOID("hard_sigmoid"),
  LOG_SIGMOID("log_sigmoid"),
  SPARSE_SIGMOID("sparse_sigmoid"),
  SILU("silu"),
  SWISH("swish"),
  HARD_SILU("hard_silu"),
  HARD_SWISH("hard_swish"),
  TANH("tanh"),
  HARD_TANH("hard_tanh"),
  TANH_SHRINK("tanh_shrink"),
  SOFT_SHRINK("soft_shrink"),
  HARD_SHRINK("hard_shrink"),
  SOFTPLUS("softplus"),
  SOFTSIGN("softsign"),
  SPARSE_PLUS("sparse_plus"),
  SQUAREPLUS("squareplus"),
  MISH("mish"),
  EXPONENTIAL("exponential"),
  THRESHOLD("threshold"),
  SOFTMAX("softmax"),
  LOG_SOFTMAX("log_softmax"),
  SPARSEMAX("sparsemax"),
  GLU("glu");

  private final String kerasName;

  Activations(String kerasName) {
    this.kerasName = kerasName;
  }

  /** The name Keras uses, e.g. {@code leaky_relu}. */
  public String kerasName() {
    return kerasName;
  }
}
