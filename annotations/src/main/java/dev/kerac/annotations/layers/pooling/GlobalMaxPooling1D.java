package dev.kerac.annotations.layers.pooling;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The maximum over all steps, Keras {@code GlobalMaxPooling1D}: {@code (steps, channels)} becomes
 * {@code (channels)}. The gradient goes to the maximum (the first one on ties).
 *
 * <pre>{@code
 * @GlobalMaxPooling1D Layer strongest;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface GlobalMaxPooling1D {

  /** Keep the reduced axes with size 1: {@code (1, channels)} instead of {@code (channels)}. */
  boolean keepdims() default false;

  /** The layer name; empty means the field name. */
  String name() default "";
}
