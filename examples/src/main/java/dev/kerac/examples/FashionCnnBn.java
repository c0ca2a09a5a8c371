package dev.kerac.examples;

import static dev.kerac.annotations.Activations.RELU;
import static dev.kerac.annotations.Activations.SOFTMAX;

import dev.kerac.annotations.Input;
import dev.kerac.annotations.Layer;
import dev.kerac.annotations.Sequential;
import dev.kerac.annotations.layers.convolution.Conv2D;
import dev.kerac.annotations.layers.core.Activation;
import dev.kerac.annotations.layers.core.Dense;
import dev.kerac.annotations.layers.normalization.BatchNormalization;
import dev.kerac.annotations.layers.pooling.MaxPooling2D;
import dev.kerac.annotations.layers.regularization.Dropout;
import dev.kerac.annotations.layers.reshaping.Flatten;

/**
 * {@link FashionCnn} with BatchNormalization after each convolution and the hidden dense layer, the
 * "2 Conv+pooling+BN" entry of Fashion-MNIST's benchmark table (0.934). Convolutions feeding a
 * BatchNormalization have no bias (its beta takes that role), as usual in Keras. BatchNormalization
 * lets the network fit the training set fast, so each block ends with Dropout against overfitting.
 */
@Sequential(input = @Input(shape = {28, 28, 1}), name = "fashion_cnn_bn")
public abstract class FashionCnnBn {
  @Conv2D(filters = 32, kernelSize = 3, useBias = false) Layer conv1;
  @BatchNormalization Layer bn1;
  @Activation(RELU) Layer relu1;
  @MaxPooling2D Layer pool1;
  @Dropout(rate = 0.1) Layer drop1;
  @Conv2D(filters = 64, kernelSize = 3, useBias = false) Layer conv2;
  @BatchNormalization Layer bn2;
  @Activation(RELU) Layer relu2;
  @MaxPooling2D Layer pool2;
  @Dropout(rate = 0.1) Layer drop2;
  @Flatten Layer flatten;
  @Dense(units = 128, useBias = false) Layer dense;
  @BatchNormalization Layer bn3;
  @Activation(RELU) Layer relu3;
  @Dropout(rate = 0.4) Layer drop3;
  @Dense(units = 10, activation = SOFTMAX) Layer output;
}
