package dev.kerac.annotations.layers.reshaping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Reinterprets each sample with a new shape (row-major), Keras {@code Reshape}. One dimension may be
 * {@code -1}, inferred from the input size.
 *
 * <pre>{@code
 * @Reshape(targetShape = {28, 28, 1}) Layer image;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Reshape {

  int[] targetShape();

  String name() default "";
}
