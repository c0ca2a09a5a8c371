package dev.kerac.annotations.layers.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import dev.kerac.annotations.Activations;
import dev.kerac.annotations.Init;
import dev.kerac.annotations.Regularizer;

/**
 * A densely connected layer, Keras {@code Dense}: {@code y = activation(x @ kernel + bias)} with kernel
 * {@code [in, units]}. Input of rank 1 or 2; the product runs over the last axis only, so
 * {@code (T, d)} becomes {@code (T, units)}. After an image-shaped (rank 3) tensor, add {@code @Flatten}
 * first (kerac reports it at compile time, where Keras would silently apply Dense per pixel).
 *
 * <pre>{@code
 * @Dense(units = 512, activation = Activations.RELU) Layer hidden1;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Dense {

  /** Output size of the last axis; positive. */
  int units();

  Activations activation() default Activations.LINEAR;

  boolean useBias() default true;

  Init kernelInitializer() default Init.GLOROT_UNIFORM;

  Init biasInitializer() default Init.ZEROS;

  Regularizer kernelRegularizer() default @Regularizer;

  Regularizer biasRegularizer() default @Regularizer;

  /** Penalty on the layer's output, divided by the batch size as Keras does. */
  Regularizer activityRegularizer() default @Regularizer;

  /** The layer name; empty means the field name. */
  String name() default "";
}
