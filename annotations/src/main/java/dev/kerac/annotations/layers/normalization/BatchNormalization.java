package dev.kerac.annotations.layers.normalization;

import dev.kerac.annotations.Init;
import dev.kerac.annotations.Regularizer;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Batch normalization over the last (channel) axis, Keras {@code BatchNormalization}:
 * {@code y = gamma * (x - mean) / sqrt(variance + epsilon) + beta}, per channel.
 *
 * <p>In training ({@code fit}, or {@code forward(x, batch, true)}) the mean and the biased variance
 * are those of the batch, over every axis but the last (samples and positions), the gradient flows
 * through them, and the moving statistics are updated in place:
 * {@code moving = moving * momentum + batch * (1 - momentum)}. In inference ({@code predict},
 * {@code evaluate}) the moving statistics are used and the layer is an affine map.
 *
 * <p>Weights, in Keras order: {@code gamma} and {@code beta} (trainable, shape {@code [C]}, present when
 * {@code scale} / {@code center}), then {@code moving_mean} and {@code moving_variance}
 * (non-trainable: no gradient, never touched by the optimizer, counted under "Non-trainable params"
 * by {@code summary()}, saved in weight files).
 *
 * <pre>{@code
 * @Conv2D(filters = 32, kernelSize = 3) Layer conv;
 * @BatchNormalization Layer bn;              // momentum 0.99, epsilon 1e-3
 * @Activation(Activations.RELU) Layer relu;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface BatchNormalization {

  /** The channel axis; only the last axis ({@code -1}, or the input rank) is supported. */
  int axis() default -1;

  /** Weight of the old value in the moving-statistics update, in [0, 1]. */
  double momentum() default 0.99;

  /** Added to the variance before the square root; positive. */
  double epsilon() default 1e-3;

  /** Whether to add the trainable offset {@code beta}. */
  boolean center() default true;

  /** Whether to multiply by the trainable scale {@code gamma}. */
  boolean scale() default true;

  Init betaInitializer() default Init.ZEROS;

  Init gammaInitializer() default Init.ONES;

  Init movingMeanInitializer() default Init.ZEROS;

  Init movingVarianceInitializer() default Init.ONES;

  Regularizer betaRegularizer() default @Regularizer;

  Regularizer gammaRegularizer() default @Regularizer;

  /** The layer name; empty means the field name. */
  String name() default "";
}
