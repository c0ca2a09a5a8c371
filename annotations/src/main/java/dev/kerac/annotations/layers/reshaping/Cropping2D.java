package dev.kerac.annotations.layers.reshaping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Removes rows and columns at the borders of each image, Keras {@code Cropping2D}: input
 * {@code (height, width, channels)} becomes {@code (height - top - bottom, width - left - right, channels)}.
 *
 * <pre>{@code
 * @Cropping2D(cropping = {2, 2, 4, 4}) Layer crop;   // ((2, 2), (4, 4)) in Keras
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Cropping2D {

  /**
   * Keras's three forms, flattened: {@code {c}} crops c from every side; {@code {a, b}} is
   * {@code ((a, a), (b, b))}: a rows at the top and bottom, b columns left and right;
   * {@code {top, bottom, left, right}} is {@code ((top, bottom), (left, right))}. Every value
   * {@code >= 0}, and something must remain.
   */
  int[] cropping() default {0};

  /** The layer name; empty means the field name. */
  String name() default "";
}
