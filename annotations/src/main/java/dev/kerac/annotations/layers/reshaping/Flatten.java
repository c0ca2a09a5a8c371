package dev.kerac.annotations.layers.reshaping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Flattens each sample to rank 1 in row-major (channels_last) order, Keras {@code Flatten}.
 *
 * <pre>{@code
 * @Flatten Layer flat;   // (26, 26, 32) -> (21632)
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Flatten {

  String name() default "";
}
