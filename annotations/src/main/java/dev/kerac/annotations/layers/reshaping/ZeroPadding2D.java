package dev.kerac.annotations.layers.reshaping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Adds rows and columns of zeros around each image, Keras {@code ZeroPadding2D}: input
 * {@code (height, width, channels)} becomes {@code (top + height + bottom, left + width + right, channels)}.
 *
 * <pre>{@code
 * @ZeroPadding2D(padding = {1, 2}) Layer pad;            // 1 row above and below, 2 columns left and right
 * @ZeroPadding2D(padding = {0, 1, 0, 1}) Layer padBr;    // one row at the bottom, one column on the right
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface ZeroPadding2D {

  /**
   * Keras's three forms, flattened: {@code {p}} pads every side by p; {@code {a, b}} is
   * {@code ((a, a), (b, b))}: a rows above and below, b columns left and right; {@code {top, bottom,
   * left, right}} is {@code ((top, bottom), (left, right))}. Every value {@code >= 0}.
   */
  int[] padding() default {1};

  /** The layer name; empty means the field name. */
  String name() default "";
}
