package dev.kerac.annotations.layers.normalization;

import dev.kerac.annotations.Init;
import dev.kerac.annotations.Regularizer;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Layer normalization over the last axis, Keras {@code LayerNormalization}: for each sample and
 * position, {@code y = gamma * (x - mean) / sqrt(variance + epsilon) + beta} with the mean and biased
 * variance of that position's last-axis values. The same in training and inference.
 *
 * <p>Weights, in Keras order: {@code gamma} (if {@code scale}) and {@code beta} (if {@code center}),
 * both of shape {@code [C]} for a last axis of size {@code C}.
 *
 * <pre>{@code
 * @Dense(units = 64) Layer hidden;
 * @LayerNormalization Layer norm;            // epsilon 1e-3
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface LayerNormalization {

  /** The normalized axis; only the last axis ({@code -1}, or the input rank) is supported. */
  int axis() default -1;

  /** Added to the variance before the square root; positive. */
  double epsilon() default 1e-3;

  /** Whether to add the trainable offset {@code beta}. */
  boolean center() default true;

  /** Whether to multiply by the trainable scale {@code gamma}. */
  boolean scale() default true;

  Init betaInitializer() default Init.ZEROS;

  Init gammaInitializer() default Init.ONES;

  Regularizer betaRegularizer() default @Regularizer;

  Regularizer gammaRegularizer() default @Regularizer;

  /** The layer name; empty means the field name. */
  String name() default "";
}
