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
 * A depthwise separable 2-D convolution, Keras {@code SeparableConv2D}: a {@link DepthwiseConv2D}
 * (strides, padding and dilation apply here; no bias) followed by a 1x1 convolution to
 * {@code filters} channels, then bias and activation. Weights in Keras order:
 * {@code depthwise_kernel [kh, kw, C, depthMultiplier]}, {@code pointwise_kernel
 * [1, 1, C * depthMultiplier, filters]}, {@code bias [filters]}.
 *
 * <pre>{@code
 * @SeparableConv2D(filters = 64, kernelSize = 3, padding = Padding.SAME, activation = Activations.RELU) Layer sep;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface SeparableConv2D {

  /** Number of output channels; positive. */
  int filters();

  /** Kernel height and width of the depthwise stage: one value for both, or {@code {kh, kw}}. */
  int[] kernelSize();

  /** Step between windows: one value for both dimensions, or {@code {sh, sw}}. */
  int[] strides() default 1;

  /** {@link Padding#VALID} or {@link Padding#SAME}. */
  Padding padding() default Padding.VALID;

  /** Spacing between kernel taps; values above 1 need {@code strides = 1}. */
  int[] dilationRate() default 1;

  /** Depthwise output channels per input channel; positive. */
  int depthMultiplier() default 1;

  Activations activation() default Activations.LINEAR;

  boolean useBias() default true;

  Init depthwiseInitializer() default Init.GLOROT_UNIFORM;

  Init pointwiseInitializer() default Init.GLOROT_UNIFORM;

  Init biasInitializer() default Init.ZEROS;

  Regularizer depthwiseRegularizer() default @Regularizer;

  Regularizer pointwiseRegularizer() default @Regularizer;

  Regularizer biasRegularizer() default @Regularizer;

  /** Penalty on the layer's output, divided by the batch size as Keras does. */
  Regularizer activityRegularizer() default @Regularizer;

  /** The layer name; empty means the field name. */
  String name() default "";
}
