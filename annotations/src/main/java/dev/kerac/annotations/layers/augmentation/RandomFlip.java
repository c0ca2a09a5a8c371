package dev.kerac.annotations.layers.augmentation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Random image flips for data augmentation, Keras {@code RandomFlip}: in training each image
 * {@code (height, width, channels)} is mirrored left-right ({@code HORIZONTAL}), upside down
 * ({@code VERTICAL}) or each of them independently ({@code HORIZONTAL_AND_VERTICAL}, the default),
 * each flip with probability 1/2; in inference the layer is the identity.
 *
 * <pre>{@code
 * @RandomFlip(mode = RandomFlip.Mode.HORIZONTAL) Layer flip;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface RandomFlip {

  Mode mode() default Mode.HORIZONTAL_AND_VERTICAL;

  /** Seed of the layer's generator; -1 (default) derives it from the model's seed. */
  long seed() default -1;

  /** The layer name; empty means the field name. */
  String name() default "";

  /** Which flips the layer draws. */
  enum Mode {
    /** Left-right: {@code out[i][j] = in[i][width - 1 - j]}. */
    HORIZONTAL,
    /** Upside down: {@code out[i][j] = in[height - 1 - i][j]}. */
    VERTICAL,
    /** Both, each drawn on its own. */
    HORIZONTAL_AND_VERTICAL
  }
}
