package dev.kerac.annotations.layers.convolution;

import dev.kerac.annotations.Activations;
import dev.kerac.annotations.Init;
import dev.kerac.annotations.Padding;
import dev.kerac.annotations.Regularizer;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A 2-D convolution over {@code (height, width, channels)} inputs, Keras {@code Conv2D}
 * (channels_last, cross-correlation): {@code (H, W, C) -> (H', W', filters)} with kernel
 * {@code [kh, kw, C / groups, filters]} and {@code y = activation(conv(x, kernel) + bias)}.
 * {@code kernelSize}, {@code strides} and {@code dilationRate} take one value (used for both
 * dimensions, like a Keras int) or two ({@code {rows, cols}}, like a Keras tuple).
 *
 * <pre>{@code
 * @Conv2D(filters = 32, kernelSize = 3, activation = Activations.RELU) Layer conv1;
 * @Conv2D(filters = 64, kernelSize = {3, 3}, strides = 2, padding = Padding.SAME) Layer conv2;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Conv2D {

  /** Number of output channels; positive. */
  int filters();

  /** Kernel height and width: one value for both, or {@code {kh, kw}}. */
  int[] kernelSize();

  /** Step between windows: one value for both dimensions, or {@code {sh, sw}}. */
  int[] strides() default 1;

  /** {@link Padding#VALID} (no padding) or {@link Padding#SAME} (output {@code ceil(n / stride)}). */
  Padding padding() default Padding.VALID;

  /** Spacing between kernel taps; values above 1 need {@code strides = 1}. */
  int[] dilationRate() default 1;

  /** Splits input channels and filters into this many independent groups; must divide both. */
  int groups() default 1;

  Activations activation() default Activations.LINEAR;

  boolean useBias() default true;

  Init kernelInitializer() default Init.GLOROT_UNIFORM;

  Init biasInitializer() default Init.ZEROS;

  Regularizer kernelRegularizer() default @Regularizer;

  Regularizer biasRegularizer() default @Regularizer;

  /** Penalty on the layer's output, divided by the batch size as Keras does. */
  Regularizer activityRegularizer() default @Regularizer;

  /** The layer name; empty means the field name. */
  String name() default "";
}
