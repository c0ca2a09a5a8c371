package dev.kerac.annotations.layers.activations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exponential linear unit layer, Keras {@code ELU}: {@code x} if {@code x > 0}, else
 * {@code alpha * (exp(x) - 1)}.
 *
 * <pre>{@code
 * @ELU(alpha = 0.5) Layer elu;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface ELU {

  double alpha() default 1.0;

  String name() default "";
}
