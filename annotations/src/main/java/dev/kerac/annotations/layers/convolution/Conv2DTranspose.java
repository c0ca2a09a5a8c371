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
 * A transposed 2-D convolution (the gradient of {@link Conv2D} with respect to its input, used to
 * upsample), Keras {@code Conv2DTranspose}. The kernel is {@code [kh, kw, filters, C]}: output
 * channels before input channels, as Keras stores it. Output size per dimension with
 * {@code k' = dilation * (k - 1) + 1}: {@link Padding#VALID} {@code (n - 1) * s + max(k', s)},
 * {@link Padding#SAME} {@code n * s}; with {@code outputPadding} {@code op}: {@code (n - 1) * s + k' + op}
 * and {@code (n - 1) * s + (k' mod 2) + op}.
 *
 * <pre>{@code
 * @Conv2DTranspose(filters = 16, kernelSize = 3, strides = 2, padding = Padding.SAME) Layer up;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Conv2DTranspose {

  /** Number of output channels; positive. */
  int filters();

  /** Kernel height and width: one value for both, or {@code {kh, kw}}. */
  int[] kernelSize();

  /** Upsampling factor: one value for both dimensions, or {@code {sh, sw}}. */
  int[] strides() default 1;

  /** {@link Padding#VALID} or {@link Padding#SAME}. */
  Padding padding() default Padding.VALID;

  /**
   * Extra rows/columns added to the output, each smaller than its stride; empty (the default) is
   * Keras's {@code None}.
   */
  int[] outputPadding() default {};

  /** Spacing between kernel taps; values above 1 need {@code strides = 1}. */
  int[] dilationRate() default 1;

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
