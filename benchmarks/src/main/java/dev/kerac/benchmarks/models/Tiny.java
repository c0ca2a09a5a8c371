package dev.kerac.benchmarks.models;

import static dev.kerac.annotations.Activations.RELU;
import static dev.kerac.annotations.Activations.SOFTMAX;

import dev.kerac.annotations.Input;
import dev.kerac.annotations.Layer;
import dev.kerac.annotations.Sequential;
import dev.kerac.annotations.layers.core.Dense;

/**
 * The tiny peer model (an embedded sensor model), with Keras's default layer names so its weights
 * match {@code tiny.keras-weights.npz} by name:
 *
 * <pre>
 * Input 16 → Dense 32 relu → Dense 32 relu → Dense 4 softmax
 * </pre>
 *
 * The processor generates {@code Kerac_Tiny}; {@code KeracModels.create(PeerModel.TINY, 64)} builds it.
 */
@Sequential(input = @Input(shape = 16), name = "tiny")
public abstract class Tiny {
  @Dense(units = 32, activation = RELU) Layer dense;
  @Dense(units = 32, activation = RELU) Layer dense_1;
  @Dense(units = 4, activation = SOFTMAX) Layer dense_2;
}
