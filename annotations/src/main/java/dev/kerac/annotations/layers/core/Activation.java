package dev.kerac.annotations.layers.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import dev.kerac.annotations.Activations;

/**
 * Applies an activation function element-wise (axis-wise for softmax, log_softmax, sparsemax, glu),
 * Keras {@code Activation}. The optional arguments are those of the function in
 * {@code keras.activations}; {@code NaN} means the function's Keras default.
 *
 * <pre>{@code
 * @Activation(Activations.TANH) Layer act;
 * @Activation(value = Activations.RELU, maxValue = 6) Layer capped;
 * @Activation(value = Activations.THRESHOLD, threshold = 0.5, defaultValue = -1) Layer step;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Activation {

  Activations value();

  /** relu, leaky_relu: slope below the threshold. */
  double negativeSlope() default Double.NaN;

  /** relu: upper bound. */
  double maxValue() default Double.NaN;

  /** relu, threshold, soft_shrink, hard_shrink. */
  double threshold() default Double.NaN;

  /** threshold: the value below the threshold. */
  double defaultValue() default Double.NaN;

  /** elu, celu. */
  double alpha() default Double.NaN;

  /** squareplus. */
  double b() default Double.NaN;

  /** gelu: the tanh approximation instead of the exact erf form. */
  boolean approximate() default false;

  String name() default "";
}
