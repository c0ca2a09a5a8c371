package dev.kerac.annotations.layers.pooling;

import dev.kerac.annotations.Padding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Average pooling over height and width, Keras {@code AveragePooling2D}: input
 * {@code (height, width, channels)}, each channel pooled on its own. With {@code SAME} padding a
 * window is averaged over its cells inside the input only (padding is not counted).
 *
 * <pre>{@code
 * @AveragePooling2D(poolSize = 2) Layer pool;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface AveragePooling2D {

  /**
   * The window: one value for every spatial axis, or one per axis (height, width); positive.
   * Required, as in Keras.
   */
  int[] poolSize();

  /** The step between windows, as {@code poolSize}; empty (the default) means {@code poolSize}. */
  int[] strides() default {};

  /** {@code VALID} or {@code SAME}; {@code CAUSAL} is not a pooling padding. */
  Padding padding() default Padding.VALID;

  /** The layer name; empty means the field name. */
  String name() default "";
}
