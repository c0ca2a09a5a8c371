package dev.kerac.annotations;

/**
 * The Keras weight initializers, with Keras's default arguments, for {@code kernelInitializer =} and
 * friends. Random ones draw from the model's seeded generator.
 *
 * <pre>{@code
 * @Dense(units = 64, kernelInitializer = Init.HE_NORMAL) Layer hidden;
 * }</pre>
 */
public enum Init {
  ZEROS("zeros"),
  ONES("ones"),
  GLOROT_UNIFORM("glorot_uniform"),
  GLOROT_NORMAL("glorot_normal"),
  HE_UNIFORM("he_uniform"),
  HE_NORMAL("he_normal"),
  LECUN_UNIFORM("lecun_uniform"),
  LECUN_NORMAL("lecun_normal"),
  ORTHOGONAL("orthogonal"),
  RANDOM_NORMAL("random_normal"),
  RANDOM_UNIFORM("random_uniform"),
  TRUNCATED_NORMAL("truncated_normal"),
  VARIANCE_SCALING("variance_scaling"),
  IDENTITY("identity");

  private final String kerasName;

  Init(String kerasName) {
    this.kerasName = kerasName;
  }

  /** The name Keras uses, e.g. {@code glorot_uniform}. */
  public String kerasName() {
    return kerasName;
  }
}
