package dev.kerac.annotations.layers.reshaping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Enlarges each image by whole factors, Keras {@code UpSampling2D}: input {@code (height, width,
 * channels)} becomes {@code (height * sh, width * sw, channels)}. {@code NEAREST} repeats each pixel;
 * {@code BILINEAR} interpolates linearly with half-pixel centres, clamped at the edges (as Keras's
 * JAX backend).
 *
 * <pre>{@code
 * @UpSampling2D(size = 2) Layer up;
 * @UpSampling2D(size = {2, 3}, interpolation = UpSampling2D.Interpolation.BILINEAR) Layer smooth;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface UpSampling2D {

  /** The factors: one for both axes, or {@code {sh, sw}}; positive. Keras default (2, 2). */
  int[] size() default {2, 2};

  Interpolation interpolation() default Interpolation.NEAREST;

  /** The layer name; empty means the field name. */
  String name() default "";

  /** How new pixels get their values. */
  enum Interpolation {
    /** Each output pixel copies its source pixel: {@code out[i][j] = in[i / sh][j / sw]}. */
    NEAREST,
    /** Linear in both axes from the source position {@code (dst + 0.5) / scale - 0.5}, edges clamped. */
    BILINEAR
  }
}
