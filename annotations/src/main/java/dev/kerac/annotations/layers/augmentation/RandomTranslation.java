package dev.kerac.annotations.layers.augmentation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Random shifts of images for data augmentation, Keras {@code RandomTranslation}: in training each
 * image {@code (height, width, channels)} moves by {@code u * height} pixels down and {@code v * width}
 * right, with {@code u} and {@code v} drawn uniformly from the factors' ranges (negative: up or
 * left); in inference the layer is the identity. A factor is {@code f}, meaning {@code [-f, f]}, or
 * {@code {low, high}}, within [-1, 1].
 *
 * <pre>{@code
 * @RandomTranslation(heightFactor = 0.1, widthFactor = 0.1) Layer shift;
 * @RandomTranslation(heightFactor = {-0.2, 0.1}, widthFactor = 0, fillMode = RandomTranslation.FillMode.CONSTANT) Layer down;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface RandomTranslation {

  /** The vertical shift as a fraction of the height: {@code f} for [-f, f], or {@code {low, high}}. */
  double[] heightFactor();

  /** The horizontal shift as a fraction of the width: {@code f} for [-f, f], or {@code {low, high}}. */
  double[] widthFactor();

  FillMode fillMode() default FillMode.REFLECT;

  Interpolation interpolation() default Interpolation.BILINEAR;

  /** Seed of the layer's generator; -1 (default) derives it from the model's seed. */
  long seed() default -1;

  /** The value beyond the edges with {@code FillMode.CONSTANT}. */
  double fillValue() default 0.0;

  /** The layer name; empty means the field name. */
  String name() default "";

  /** How the image continues beyond its edges, shown for a row {@code a b c d}. */
  enum FillMode {
    /** {@code d c b a | a b c d | d c b a}. */
    REFLECT,
    /** {@code a b c d | a b c d | a b c d}. */
    WRAP,
    /** {@code k k k k | a b c d | k k k k}, {@code k} being {@code fillValue}. */
    CONSTANT,
    /** {@code a a a a | a b c d | d d d d}. */
    NEAREST
  }

  /** How a pixel between input pixels gets its value. */
  enum Interpolation {
    BILINEAR,
    NEAREST
  }
}
