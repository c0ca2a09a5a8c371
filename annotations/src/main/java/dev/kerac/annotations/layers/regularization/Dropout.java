package dev.kerac.annotations.layers.regularization;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Inverted dropout, Keras {@code Dropout}: in training each element is kept with probability
 * {@code 1 - rate} and scaled by {@code 1 / (1 - rate)}; in inference the layer is the identity.
 *
 * <pre>{@code
 * @Dropout(rate = 0.2) Layer drop1;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Dropout {

  /** Fraction of the inputs to drop, in [0, 1). */
  double rate();

  /** Seed of the layer's mask generator; -1 (default) derives it from the model's seed. */
  long seed() default -1;

  String name() default "";
}
