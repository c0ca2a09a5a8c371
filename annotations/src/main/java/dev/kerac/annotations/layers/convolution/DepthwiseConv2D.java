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
 * A depthwise 2-D convolution, Keras {@code DepthwiseConv2D}: each input channel {@code c} is
 * convolved with its own {@code depthMultiplier} kernels, giving {@code C * depthMultiplier} output
 * channels ordered {@code c * depthMultiplier + m}. Its kernel is named {@code kernel} (Keras 3) with
 * shape {@code [kh, kw, C, depthMultiplier]}.
 *
 * <pre>{@code
 * @DepthwiseConv2D(kernelSize = 3, padding = Padding.SAME, depthMultiplier = 2) Layer dw;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface DepthwiseConv2D {

  /** Kernel height and width: one value for both, or {@code {kh, kw}}. */
  int[] kernelSize();

  /** Step between windows: one value for both dimensions, or {@code {sh, sw}}. */
  int[] strides() default 1;

  /** {@link Padding#VALID} or {@link Padding#SAME}. */
  Padding padding() default Padding.VALID;

  /** Output channels per input channel; positive. */
  int depthMultiplier() default 1;

  /** Spacing between kernel taps; values above 1 need {@code strides = 1}. */
  int[] dilationRate() default 1;

  Activations activation() default Activations.LINEAR;

  boolean useBias() default true;

  Init depthwiseInitializer() default Init.GLOROT_UNIFORM;

  Init biasInitializer() default Init.ZEROS;

  Regularizer depthwiseRegularizer() default @Regularizer;

  Regularizer biasRegularizer() default @Regularizer;

  /** Penalty on the layer's output, divided by the batch size as Keras does. */
  Regularizer activityRegularizer() default @Regularizer;

  /** The layer name; empty means the field name. */
  String name() default "";
}
