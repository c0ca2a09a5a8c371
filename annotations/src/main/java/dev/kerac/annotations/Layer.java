package dev.kerac.annotations;

/**
 * The type of a layer field in a model class. The generated class sets each field to a description of
 * its layer, so the user's own methods can read names and shapes.
 *
 * <pre>{@code
 * @Sequential(input = @Input(shape = 784))
 * abstract class Mlp {
 *   @Dense(units = 10, activation = Activations.SOFTMAX) Layer output;
 *   int classes() { return output.outputShape()[0]; }
 * }
 * }</pre>
 */
public interface Layer {

  /** The layer's name (the field name unless the annotation names it). */
  String name();

  /** The Keras class name, e.g. {@code Dense}. */
  String type();

  /** The output shape without the batch axis. */
  int[] outputShape();
}
