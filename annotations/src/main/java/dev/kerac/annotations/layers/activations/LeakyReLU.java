package dev.kerac.annotations.layers.activations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Leaky ReLU layer, Keras {@code LeakyReLU}: {@code x} if {@code x ≥ 0}, else {@code negativeSlope * x}.
 * Note the layer's default slope is 0.3 (the function's is 0.2), as in Keras.
 *
 * <pre>{@code
 * @LeakyReLU(negativeSlope = 0.1) Layer leaky;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface LeakyReLU {

  double negativeSlope() default 0.3;

  String name() default "";
}
