package dev.kerac.annotations.layers.reshaping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Reorders the axes of each sample, Keras {@code Permute}: output axis i is input axis
 * {@code dims[i - 1]}, axes numbered from 1 (the batch axis is not counted).
 *
 * <pre>{@code
 * @Permute(dims = {2, 1}) Layer swap;   // (steps, features) -> (features, steps)
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Permute {

  /** A permutation of {@code 1..rank}. */
  int[] dims();

  /** The layer name; empty means the field name. */
  String name() default "";
}
