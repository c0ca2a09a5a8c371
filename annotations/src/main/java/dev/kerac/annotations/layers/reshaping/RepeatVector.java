package dev.kerac.annotations.layers.reshaping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Repeats a vector, Keras {@code RepeatVector}: input {@code (features)} becomes
 * {@code (n, features)}, n copies.
 *
 * <pre>{@code
 * @RepeatVector(n = 10) Layer steps;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface RepeatVector {

  /** The number of copies; positive. */
  int n();

  /** The layer name; empty means the field name. */
  String name() default "";
}
