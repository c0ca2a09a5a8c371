package dev.kerac.benchmarks.models;

import static dev.kerac.annotations.Activations.RELU;
import static dev.kerac.annotations.Activations.SOFTMAX;

import dev.kerac.annotations.Input;
import dev.kerac.annotations.Layer;
import dev.kerac.annotations.Sequential;
import dev.kerac.annotations.layers.convolution.Conv2D;
import dev.kerac.annotations.layers.core.Dense;
import dev.kerac.annotations.layers.pooling.MaxPooling2D;
import dev.kerac.annotations.layers.reshaping.Flatten;

/**
 * The CNN peer model, with Keras's default layer names so its weights match
 * {@code cnn.keras-weights.npz} by name:
 *
 * <pre>
 * Input 28×28×1 → Conv2D 32 3×3 relu → MaxPooling2D → Conv2D 64 3×3 relu → MaxPooling2D → Flatten
 *   → Dense 128 relu → Dense 10 softmax
 * </pre>
 */
@Sequential(input = @Input(shape = {28, 28, 1}), name = "cnn")
public abstract class Cnn {
  @Conv2D(filters = 32, kernelSize = 3, activation = RELU) Layer conv2d;
  @MaxPooling2D Layer max_pooling2d;
  @Conv2D(filters = 64, kernelSize = 3, activation = RELU) Layer conv2d_1;
  @MaxPooling2D Layer max_pooling2d_1;
  @Flatten Layer flatten;
  @Dense(units = 128, activation = RELU) Layer dense;
  @Dense(units = 10, activation = SOFTMAX) Layer dense_1;
}
