package dev.kerac.examples;

import static dev.kerac.annotations.Activations.RELU;
import static dev.kerac.annotations.Activations.SOFTMAX;

import dev.kerac.annotations.Input;
import dev.kerac.annotations.Layer;
import dev.kerac.annotations.Sequential;
import dev.kerac.annotations.layers.augmentation.RandomFlip;
import dev.kerac.annotations.layers.convolution.Conv2D;
import dev.kerac.annotations.layers.core.Activation;
import dev.kerac.annotations.layers.core.Dense;
import dev.kerac.annotations.layers.normalization.BatchNormalization;
import dev.kerac.annotations.layers.pooling.MaxPooling2D;
import dev.kerac.annotations.layers.regularization.Dropout;
import dev.kerac.annotations.layers.reshaping.Flatten;

/**
 * The "2 Conv+pooling+BN" entry of Fashion-MNIST's benchmark table (0.934): {@link FashionCnn} with
 * BatchNormalization after each convolution and the hidden dense layer, twice as wide (64 and 128
 * filters, 256 units), and random left-right flips of the training images. Convolutions feeding a
 * BatchNormalization have no bias (its beta takes that role), as usual in Keras. BatchNormalization
 * lets the network fit the training set fast, so each block ends with Dropout against overfitting.
 *
 * <p>Measured on the full data (Adam 2e-3, cosine decay, batch 64): at 32/64 filters and 128 units
 * this model stopped at 0.925 whether flipped or not (the training set was fitted to 0.94); random
 * shifts of ±10 % on top held training accuracy down to 0.89 and test accuracy to 0.912 in 20
 * epochs. The wider model reaches 0.934.
 */
@Sequential(input = @Input(shape = {28, 28, 1}), name = "fashion_cnn_bn")
public abstract class FashionCnnBn {
  @RandomFlip(mode = RandomFlip.Mode.HORIZONTAL) Layer flip;
  @Conv2D(filters = 64, kernelSize = 3, useBias = false) Layer conv1;
  @BatchNormalization Layer bn1;
  @Activation(RELU) Layer relu1;
  @MaxPooling2D Layer pool1;
  @Dropout(rate = 0.1) Layer drop1;
  @Conv2D(filters = 128, kernelSize = 3, useBias = false) Layer conv2;
  @BatchNormalization Layer bn2;
  @Activation(RELU) Layer relu2;
  @MaxPooling2D Layer pool2;
  @Dropout(rate = 0.1) Layer drop2;
  @Flatten Layer flatten;
  @Dense(units = 256, useBias = false) Layer dense;
  @BatchNormalization Layer bn3;
  @Activation(RELU) Layer relu3;
  @Dropout(rate = 0.4) Layer drop3;
  @Dense(units = 10, activation = SOFTMAX) Layer output;
}
