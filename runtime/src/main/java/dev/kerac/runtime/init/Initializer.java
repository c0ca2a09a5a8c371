package dev.kerac.runtime.init;

/**
 * Fills a weight tensor (given as rows, with its Keras shape) with initial values, as the Keras
 * initializer of the same name does. Fans follow Keras: for a shape {@code [..., in, out]} the
 * receptive field is the product of the leading dims, {@code fan_in = in * rf}, {@code fan_out = out * rf};
 * rank 1: {@code fan_in = fan_out = shape[0]}. Create initializers with {@link Initializers}.
 */
public interface Initializer {

  /** Fills {@code rows} (Keras shape {@code shape}) using {@code rng}. */
  void fill(float[][] rows, int[] shape, Rng rng);
}
