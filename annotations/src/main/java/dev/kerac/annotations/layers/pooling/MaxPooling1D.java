package dev.kerac.annotations.layers.pooling;

import dev.kerac.annotations.Padding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Max pooling over the steps of a sequence, Keras {@code MaxPooling1D}: input {@code (steps, channels)},
 * each channel pooled on its own. With {@code SAME} padding the padded cells count as -infinity.
 * The gradient of each window goes to its maximum (the first one on ties).
 *
 * <pre>{@code
 * @MaxPooling1D(poolSize = 2) Layer pool;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface MaxPooling1D {

  /**
   * The window: one value for every spatial axis, or one per axis (steps); positive.
   * Keras default 2.
   */
  int[] poolSize() default {2};

  /** The step between windows, as {@code poolSize}; empty (the default) means {@code poolSize}. */
  int[] strides() default {};

  /** {@code VALID} or {@code SAME}; {@code CAUSAL} is not a pooling padding. */
  Padding padding() default Padding.VALID;

  /** The layer name; empty means the field name. */
  String name() default "";
}
