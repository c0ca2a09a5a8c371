package dev.kerac.examples;

import static dev.kerac.annotations.Activations.RELU;
import static dev.kerac.annotations.Activations.SOFTMAX;

import dev.kerac.annotations.Input;
import dev.kerac.annotations.Layer;
import dev.kerac.annotations.Sequential;
import dev.kerac.annotations.layers.convolution.Conv2D;
import dev.kerac.annotations.layers.core.Dense;
import dev.kerac.annotations.layers.pooling.MaxPooling2D;
import dev.kerac.annotations.layers.regularization.Dropout;
import dev.kerac.annotations.layers.reshaping.Flatten;

/**
 * Two convolution + pooling blocks and a dense head, the "2 Conv+pooling" entry of Fashion-MNIST's
 * benchmark table (0.916). The processor generates {@code Kerac_FashionCnn}.
 */
@Sequential(input = @Input(shape = {28, 28, 1}), name = "fashion_cnn")
public abstract class FashionCnn {
  @Conv2D(filters = 32, kernelSize = 3, activation = RELU) Layer conv1;
  @MaxPooling2D Layer pool1;
  @Conv2D(filters = 64, kernelSize = 3, activation = RELU) Layer conv2;
  @MaxPooling2D Layer pool2;
  @Flatten Layer flatten;
  @Dense(units = 128, activation = RELU) Layer dense;
  @Dropout(rate = 0.3) Layer dropout;
  @Dense(units = 10, activation = SOFTMAX) Layer output;
}
