package dev.kerac.examples;

import static dev.kerac.annotations.Activations.RELU;
import static dev.kerac.annotations.Activations.SOFTMAX;

import dev.kerac.annotations.Input;
import dev.kerac.annotations.Layer;
import dev.kerac.annotations.Sequential;
import dev.kerac.annotations.layers.core.Dense;
import dev.kerac.annotations.layers.regularization.Dropout;

/**
 * The seed's first example, Keras's MNIST MLP, as a kerac model:
 *
 * <pre>
 * model = Sequential()
 * model.add(Dense(512, activation='relu', input_shape=(784,)))
 * model.add(Dropout(0.2))
 * model.add(Dense(512, activation='relu'))
 * model.add(Dropout(0.2))
 * model.add(Dense(num_classes, activation='softmax'))
 * </pre>
 *
 * The processor generates {@code Kerac_SeedMlp} at compile time.
 */
@Sequential(input = @Input(shape = 784), name = "seed_mlp")
public abstract class SeedMlp {
  @Dense(units = 512, activation = RELU) Layer hidden1;
  @Dropout(rate = 0.2) Layer drop1;
  @Dense(units = 512, activation = RELU) Layer hidden2;
  @Dropout(rate = 0.2) Layer drop2;
  @Dense(units = 10, activation = SOFTMAX) Layer output;

  /** A model for batches of up to {@code capacity} samples with initial weights from {@code seed}. */
  public static Kerac_SeedMlp create(int capacity, long seed) {
    return new Kerac_SeedMlp(capacity, seed);
  }

  /** The index of the most probable class: a user method beside the generated ones. */
  public static int argmax(float[] probabilities) {
    int best = 0;
    for (int i = 1; i < probabilities.length; i++) {
      if (probabilities[i] > probabilities[best]) {
        best = i;
      }
    }
    return best;
  }
}
