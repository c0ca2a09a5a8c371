package dev.kerac.processor.diagnostics;

import java.util.Locale;

/**
 * Every message the processor prints, in one catalogue. Each has a stable id (shown as
 * {@code [kerac.<id>]}), says what was found, what was expected and, where it helps, how to fix it.
 */
public enum Message {
  MODEL_NOT_ABSTRACT("model", "@%s class %s must be abstract: kerac generates the subclass that implements it; add 'abstract'"),
  MODEL_FINAL("model", "@%s class %s must not be final: kerac generates a subclass of it; remove 'final'"),
  MODEL_GENERIC("model", "@%s class %s must not have type parameters: a model's shapes are fixed at compile time"),
  MODEL_INNER("model", "@%s class %s is an inner class; make it 'static' (or top level) so kerac can subclass it"),
  MODEL_PRIVATE("model", "@%s class %s must not be private: the generated class in the same package extends it"),
  MODEL_NO_CONSTRUCTOR("model", "@%s class %s needs a non-private constructor without parameters for the generated subclass"),
  MODEL_NO_LAYERS("model", "@%s class %s has no layers: annotate Layer fields with layer annotations such as @Dense"),
  INPUT_NO_SHAPE("input", "@Input needs a shape, e.g. @Input(shape = 784); got shape = {}"),
  INPUT_BAD_DIM("input", "@Input shape dimensions must be positive; got %s"),
  LAYER_TWO_ANNOTATIONS("layer", "field %s has two layer annotations (@%s and @%s); a field is exactly one layer"),
  LAYER_WRONG_TYPE("layer", "layer field %s must have type dev.kerac.annotations.Layer; got %s"),
  LAYER_FIELD_MODIFIER("layer", "layer field %s must not be %s: the generated class assigns it"),
  LAYER_DUPLICATE_NAME("layer", "layer name '%s' is used twice (also by field %s); layer names must be unique"),
  LAYER_RESERVED_NAME("layer", "layer name '%s' is reserved (weight files keep the optimizer state under it); choose another name"),
  LAYER_BAD_NAME("layer", "layer name '%s' is not valid: use letters, digits and '_', starting with a letter"),
  VALUE_NOT_POSITIVE("value", "%s.%s must be positive; got %s"),
  VALUE_NEGATIVE("value", "%s.%s must be >= 0; got %s"),
  VALUE_NOT_FINITE("value", "%s.%s must be a finite number; got %s"),
  RATE_OUT_OF_RANGE("value", "%s.%s must be in [0, 1); got %s"),
  ACTIVATION_ARGUMENT("value", "@Activation(%s) takes no argument '%s'; %s"),
  ACTIVATION_REQUIRED_ARGUMENT("value", "@Activation(%s) needs '%s' (Keras has no default for it)"),
  ACTIVATION_ODD_AXIS("shape", "%s '%s': glu halves the last axis, which must be even; got %s"),
  SHAPE_RANK("shape", "%s '%s' expects input of rank %s but gets %s%s"),
  SHAPE_RESHAPE_COUNT("shape", "Reshape '%s' cannot reshape %s (%d elements) to %s (%d elements); the element counts must match"),
  SHAPE_RESHAPE_UNKNOWN("shape", "Reshape '%s' target %s: at most one dimension may be -1, the others must be positive"),
  SHAPE_RESHAPE_NOT_DIVISIBLE("shape", "Reshape '%s' cannot reshape %s (%d elements) to %s: %d is not divisible by %d"),
  SHARED_AXES("value", "PReLU '%s' sharedAxes %s: each axis must be in [1, %d] for input %s"),
  SOFTMAX_AXIS("value", "Softmax '%s' axis %d: only the last axis (-1 or %d) is supported"),
  // Normalization layers.
  UNIT_INTERVAL("value", "%s.%s must be in [0, 1]; got %s"),
  FACTOR_RANGE("value", "%s.%s takes f (for [-f, f]) or {low, high} with -1 <= low <= high <= 1; got %s"),
  NORMALIZATION_AXIS("value", "%s '%s' axis %d: only the last axis (-1 or %d) is supported for input %s"),
  POOL_PADDING("value", "%s.padding must be VALID or SAME; got CAUSAL (causal padding exists for Conv1D only)"),
  SPATIAL_ARITY("value", "%s.%s takes one value (for every spatial axis) or %d (%s); got %s"),
  SPATIAL_NOT_POSITIVE("value", "%s.%s values must be positive; got %s"),
  POOL_TOO_LARGE("shape", "%s '%s': poolSize %s is larger than the input %s along %s (%d > %d), so padding VALID leaves no window; use a smaller poolSize or padding = Padding.SAME"),
  BORDER_ARITY("value", "%s.%s takes 1 value (every side), 2 ({rows, columns}) or 4 ({top, bottom, left, right}); got %s"),
  BORDER_NEGATIVE("value", "%s.%s values must be >= 0; got %s"),
  CROP_EVERYTHING("shape", "Cropping2D '%s' crops %d of %d %s (%s) from input %s, leaving nothing; crop less"),
  PERMUTE_NOT_PERMUTATION("value", "Permute.dims must be a permutation of 1..%d (axes counted from 1, batch excluded); got %s"),
  PERMUTE_RANK("shape", "Permute '%s' dims %s reorder %d axes but the input %s has %d"),
  CONV_SPATIAL("value", "%s.%s takes %s; got %s"),
  CONV_STRIDES_WITH_DILATION("value", "%s: strides %s together with dilationRate %s is not supported (Keras rejects it too); set strides or dilationRate to 1"),
  CONV_CAUSAL_PADDING("value", "%s: padding = CAUSAL is only supported by Conv1D; use Padding.VALID or Padding.SAME"),
  CONV_OUTPUT_PADDING("value", "%s.outputPadding %s must be >= 0 and smaller than strides %s in every dimension"),
  CONV_OUTPUT_EMPTY("shape", "%s '%s': the kernel %s %d (span %d with dilation) is larger than the input %s %d of %s with padding VALID, so the output %s would be 0; use padding = Padding.SAME, a smaller kernel or a larger input"),
  CONV_GROUPS("shape", "%s '%s': groups = %d must divide both the input channels (%d) and filters (%d)"),
  DENSE_NEEDS_FLATTEN("shape", "Dense '%s' expects input of rank 1 (features) or 2 (steps, features) but %s produces %s; add @Flatten before it"),
  INTERNAL("internal", "kerac failed on this model (%s); this is a bug in kerac, please report it with the model source");

  private final String id;
  private final String format;

  Message(String id, String format) {
    this.id = id;
    this.format = format;
  }

  /** The text with its id, e.g. {@code [kerac.value] Dense.units must be positive; got 0}. */
  public String format(Object... args) {
    return "[kerac." + id + "] " + String.format(Locale.ROOT, format, args);
  }
}
