package dev.kerac.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A model input, batch axis excluded, as Keras {@code Input(shape=(28, 28, 1))}.
 *
 * <pre>{@code
 * @Sequential(input = @Input(shape = {28, 28, 1}))
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.METHOD, ElementType.FIELD})
public @interface Input {

  /** The shape of one sample; every dimension positive. */
  int[] shape();

  /** The input's name; empty means {@code input_layer}. */
  String name() default "";
}
