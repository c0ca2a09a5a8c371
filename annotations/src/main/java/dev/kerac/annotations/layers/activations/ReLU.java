package dev.kerac.annotations.layers.activations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Rectified linear unit layer, Keras {@code ReLU}: {@code x} above {@code threshold} (capped at
 * {@code maxValue}), {@code negativeSlope * (x - threshold)} below. All arguments ≥ 0.
 *
 * <pre>{@code
 * @ReLU(maxValue = 6) Layer relu6;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface ReLU {

  /** Upper bound; {@code NaN} (default) means none. */
  double maxValue() default Double.NaN;

  double negativeSlope() default 0;

  double threshold() default 0;

  String name() default "";
}
