package dev.kerac.annotations.layers.activations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import dev.kerac.annotations.Init;
import dev.kerac.annotations.Regularizer;

/**
 * Parametric ReLU, Keras {@code PReLU}: {@code relu(x) - alpha * relu(-x)} with a trainable
 * {@code alpha} per element of the input shape, shared along {@code sharedAxes} (1-based, batch = 0).
 *
 * <pre>{@code
 * @PReLU(sharedAxes = {1, 2}) Layer perChannel;   // after a (H, W, C) tensor: alpha is (1, 1, C)
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface PReLU {

  Init alphaInitializer() default Init.ZEROS;

  Regularizer alphaRegularizer() default @Regularizer;

  /** Axes (1-based) along which alpha is shared. */
  int[] sharedAxes() default {};

  String name() default "";
}
