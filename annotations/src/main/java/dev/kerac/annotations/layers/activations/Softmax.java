package dev.kerac.annotations.layers.activations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Softmax layer, Keras {@code Softmax}: {@code exp(x - max) / sum(exp(x - max))} over the last axis.
 *
 * <pre>{@code
 * @Softmax Layer probs;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Softmax {

  /** Only the last axis ({@code -1}) is supported. */
  int axis() default -1;

  String name() default "";
}
