package dev.kerac.benchmarks.models;

import static dev.kerac.annotations.Activations.RELU;
import static dev.kerac.annotations.Activations.SOFTMAX;

import dev.kerac.annotations.Input;
import dev.kerac.annotations.Layer;
import dev.kerac.annotations.Sequential;
import dev.kerac.annotations.layers.core.Dense;
import dev.kerac.annotations.layers.regularization.Dropout;

/**
 * The seed MLP (Keras's MNIST MLP), with Keras's default layer names so its weights match
 * {@code seed.keras-weights.npz} by name:
 *
 * <pre>
 * Input 784 → Dense 512 relu → Dropout 0.2 → Dense 512 relu → Dropout 0.2 → Dense 10 softmax
 * </pre>
 *
 * The processor generates {@code Kerac_Seed}; {@code KeracModels.create(PeerModel.SEED, 64)} builds it.
 */
@Sequential(input = @Input(shape = 784), name = "seed")
public abstract class Seed {
  @Dense(units = 512, activation = RELU) Layer dense;
  @Dropout(rate = 0.2) Layer dropout;
  @Dense(units = 512, activation = RELU) Layer dense_1;
  @Dropout(rate = 0.2) Layer dropout_1;
  @Dense(units = 10, activation = SOFTMAX) Layer dense_2;
}
