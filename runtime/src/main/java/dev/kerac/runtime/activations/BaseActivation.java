package dev.kerac.runtime.activations;

/**
 * What every implementation shares: its Keras name and a printable configuration, e.g.
 * {@code relu(negative_slope=0.1, max_value=6.0, threshold=0.0)}.
 */
abstract class BaseActivation implements ActivationFunction {
  private final String kerasName;
  private final String description;

  BaseActivation(String kerasName, String description) {
    this.kerasName = kerasName;
    this.description = description;
  }

  BaseActivation(String kerasName) {
    this(kerasName, kerasName);
  }

  @Override
  public final String kerasName() {
    return kerasName;
  }

  @Override
  public String toString() {
    return description;
  }
}
