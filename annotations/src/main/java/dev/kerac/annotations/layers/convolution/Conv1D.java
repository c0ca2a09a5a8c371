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
 * A 1-D convolution over {@code (steps, channels)} inputs, Keras {@code Conv1D} (channels_last,
 * cross-correlation): {@code (L, C) -> (L', filters)} with kernel {@code [k, C / groups, filters]}.
 * {@link Padding#CAUSAL} pads {@code dilation * (k - 1)} steps on the left only, so output step
 * {@code t} never sees inputs after {@code t}.
 *
 * <pre>{@code
 * @Conv1D(filters = 16, kernelSize = 3, padding = Padding.CAUSAL, dilationRate = 2) Layer tcn;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Conv1D {

  /** Number of output channels; positive. */
  int filters();

  /** Kernel length (one value). */
  int[] kernelSize();

  /** Step between windows. */
  int[] strides() default 1;

  /** {@link Padding#VALID}, {@link Padding#SAME} or {@link Padding#CAUSAL}. */
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
