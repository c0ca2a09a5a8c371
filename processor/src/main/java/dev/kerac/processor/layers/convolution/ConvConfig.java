package dev.kerac.processor.layers.convolution;

import dev.kerac.processor.diagnostics.Message;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.layers.ActivationSpec;
import dev.kerac.processor.layers.Checks;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.read.AnnotationReader;
import java.util.Arrays;

/**
 * The configuration shared by the convolution annotations: spatial arguments given as one value or
 * one per dimension (Keras ints and tuples), padding, and the size arithmetic of KERAS_SEMANTICS §1.7
 * and §1.9. Checks report on the offending annotation value.
 */
final class ConvConfig {
  private ConvConfig() {}

  /** {@code kernelSize}/{@code strides}/{@code dilationRate} expanded to one value per dimension. */
  static int[] spatial(AnnotationReader a, String attribute, int rank) {
    int[] v = a.getIntArray(attribute);
    if (v.length == rank) {
      return v;
    }
    int[] out = new int[rank];
    Arrays.fill(out, v.length == 0 ? 0 : v[0]);
    return out;
  }

  /** The padding's enum constant name: VALID, SAME or CAUSAL. */
  static String padding(AnnotationReader a) {
    return a.getEnum("padding");
  }

  static ActivationSpec activation(AnnotationReader a) {
    return ActivationSpec.ofDefaults(a.getEnum("activation"));
  }

  /** The name of spatial dimension {@code axis} of a rank-{@code rank} layer, for messages. */
  static String dimName(int rank, int axis) {
    return rank == 1 ? "length" : axis == 0 ? "height" : "width";
  }

  /**
   * Output length and padding before the input of a convolution (or pooling) along one dimension:
   * VALID {@code floor((n - k') / s) + 1}, SAME and CAUSAL {@code floor((n - 1) / s) + 1} with
   * {@code k' = d (k - 1) + 1}; SAME pads {@code floor(P / 2)} before (the extra cell goes after),
   * CAUSAL pads {@code k' - 1} before.
   *
   * @return {@code {out, padBefore}}; {@code out <= 0} when the kernel does not fit (VALID)
   */
  static int[] convolved(int n, int k, int s, int d, String padding) {
    int span = d * (k - 1) + 1;
    switch (padding) {
      case "VALID":
        return new int[] {Math.floorDiv(n - span, s) + 1, 0};
      case "CAUSAL":
        return new int[] {(n - 1) / s + 1, span - 1};
      default:
        int out = (n - 1) / s + 1;
        int total = Math.max((out - 1) * s + span - n, 0);
        return new int[] {out, total / 2};
    }
  }

  /**
   * Output length and cropping of a transposed convolution along one dimension (KERAS_SEMANTICS §1.9):
   * the full scatter has length {@code (n - 1) s + k'}; the output is {@code full[crop, crop + out)}.
   *
   * @param outputPadding the Keras {@code output_padding}, or -1 for None
   * @return {@code {out, crop}}
   */
  static int[] transposed(int n, int k, int s, int d, String padding, int outputPadding) {
    int span = d * (k - 1) + 1;
    boolean none = outputPadding < 0;
    int out;
    if (padding.equals("VALID")) {
      out = none ? (n - 1) * s + Math.max(span, s) : (n - 1) * s + span + outputPadding;
      return new int[] {out, 0};
    }
    out = none ? n * s : (n - 1) * s + span % 2 + outputPadding;
    int p = none ? s + span - 2 : span + span % 2 - 2 + outputPadding;
    int crop = (span - 1) - Math.min((p + 1) / 2, span - 1);
    return new int[] {out, crop};
  }

  /**
   * Checks the values every convolution annotation shares. {@code rank} is the number of spatial
   * dimensions; CAUSAL padding is accepted only when {@code causal}.
   */
  static void check(AnnotationReader a, int rank, boolean causal, Report report) {
    if (a.has("filters")) {
      Checks.positive(a, "filters", report);
    }
    if (a.has("depthMultiplier")) {
      Checks.positive(a, "depthMultiplier", report);
    }
    if (a.has("groups")) {
      Checks.positive(a, "groups", report);
    }
    boolean ok = spatialValues(a, "kernelSize", rank, report);
    boolean strides = spatialValues(a, "strides", rank, report);
    boolean dilation = spatialValues(a, "dilationRate", rank, report);
    if (strides && dilation) {
      int[] s = spatial(a, "strides", rank);
      int[] d = spatial(a, "dilationRate", rank);
      if (Arrays.stream(s).anyMatch(v -> v > 1) && Arrays.stream(d).anyMatch(v -> v > 1)) {
        report.error(a.element(), a.mirror(), "dilationRate", Message.CONV_STRIDES_WITH_DILATION,
            a.simpleName(), Arrays.toString(a.getIntArray("strides")),
            Arrays.toString(a.getIntArray("dilationRate")));
      }
    }
    if (!causal && padding(a).equals("CAUSAL")) {
      report.error(a.element(), a.mirror(), "padding", Message.CONV_CAUSAL_PADDING, a.simpleName());
    }
    if (a.has("outputPadding") && strides) {
      int[] op = a.getIntArray("outputPadding");
      if (op.length != 0) {
        if (op.length != 1 && op.length != rank) {
          report.error(a.element(), a.mirror(), "outputPadding", Message.CONV_SPATIAL, a.simpleName(),
              "outputPadding", arity(rank), Arrays.toString(op));
        } else {
          int[] full = spatial(a, "outputPadding", rank);
          int[] s = spatial(a, "strides", rank);
          for (int i = 0; i < rank; i++) {
            if (full[i] < 0 || full[i] >= s[i]) {
              report.error(a.element(), a.mirror(), "outputPadding", Message.CONV_OUTPUT_PADDING,
                  a.simpleName(), Arrays.toString(op), Arrays.toString(a.getIntArray("strides")));
              break;
            }
          }
        }
      }
    }
    for (String r : new String[] {"kernelRegularizer", "depthwiseRegularizer", "pointwiseRegularizer",
        "biasRegularizer", "activityRegularizer"}) {
      if (a.has(r)) {
        Checks.regularizer(a, r, report);
      }
    }
  }

  /** How many values a spatial attribute takes, in words. */
  private static String arity(int rank) {
    return rank == 1 ? "1 value" : "1 value (used for every spatial dimension) or " + rank + " (one per dimension)";
  }

  private static boolean spatialValues(AnnotationReader a, String attribute, int rank, Report report) {
    int[] v = a.getIntArray(attribute);
    if (v.length != 1 && v.length != rank) {
      report.error(a.element(), a.mirror(), attribute, Message.CONV_SPATIAL, a.simpleName(), attribute,
          arity(rank), Arrays.toString(v));
      return false;
    }
    for (int x : v) {
      if (x <= 0) {
        report.error(a.element(), a.mirror(), attribute, Message.VALUE_NOT_POSITIVE, a.simpleName(), attribute,
            v.length == 1 ? String.valueOf(v[0]) : Arrays.toString(v));
        return false;
      }
    }
    return true;
  }

  /**
   * Checks that the input is {@code (spatial..., channels)}; reports a rank mismatch with a hint on
   * how to get there.
   */
  static boolean checkRank(LayerNode layer, String kerasType, Shape input, int rank, Report report) {
    if (input.rank() == rank + 1) {
      return true;
    }
    AnnotationReader a = layer.annotation();
    String expected = rank == 1 ? "2 (steps, channels)" : "3 (height, width, channels)";
    String hint = "";
    if (input.rank() == rank) {
      int[] d = Arrays.copyOf(input.dims(), rank + 1);
      d[rank] = 1;
      hint = "; add a channel axis first, e.g. @Reshape(targetShape = " + braces(d) + ")";
    } else if (rank == 2 && input.rank() == 1) {
      int side = (int) Math.round(Math.sqrt(input.dim(0)));
      hint = side * side == input.dim(0)
          ? "; reshape it first, e.g. @Reshape(targetShape = {" + side + ", " + side + ", 1})"
          : "; reshape it to (height, width, channels) first with @Reshape";
    } else if (input.rank() > rank + 1) {
      hint = "; " + kerasType + " takes " + (rank + 1) + "-D samples (batch excluded)";
    }
    report.error(a.element(), a.mirror(), Message.SHAPE_RANK, kerasType, layer.name(), expected, input, hint);
    return false;
  }

  private static String braces(int[] d) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < d.length; i++) {
      b.append(i == 0 ? "" : ", ").append(d[i]);
    }
    return b.append("}").toString();
  }

  /**
   * The forward geometry {@code {outRows, outCols}} axes for a convolution-like layer over
   * {@code input} (spatial dims then channels), or null after reporting an empty VALID output.
   */
  static Axis[] axes(LayerNode layer, String kerasType, Shape input, int rank, Report report) {
    AnnotationReader a = layer.annotation();
    int[] k = spatial(a, "kernelSize", rank);
    int[] s = spatial(a, "strides", rank);
    int[] d = spatial(a, "dilationRate", rank);
    String padding = padding(a);
    Axis[] axes = new Axis[2];
    axes[0] = Axis.single();
    for (int i = 0; i < rank; i++) {
      int n = input.dim(i);
      int[] r = convolved(n, k[i], s[i], d[i], padding);
      if (r[0] <= 0) {
        report.error(a.element(), a.mirror(), "kernelSize", Message.CONV_OUTPUT_EMPTY, kerasType, layer.name(),
            dimName(rank, i), k[i], d[i] * (k[i] - 1) + 1, dimName(rank, i), n, input, dimName(rank, i));
        return null;
      }
      axes[rank == 1 ? 1 : i] = new Axis(r[0], n, k[i], s[i], d[i], r[1], false);
    }
    return axes;
  }

  /** The transposed-convolution geometry (outer = output positions, target = input positions). */
  static Axis[] transposedAxes(LayerNode layer, Shape input, int rank) {
    AnnotationReader a = layer.annotation();
    int[] k = spatial(a, "kernelSize", rank);
    int[] s = spatial(a, "strides", rank);
    int[] d = spatial(a, "dilationRate", rank);
    int[] op = a.getIntArray("outputPadding").length == 0 ? null : spatial(a, "outputPadding", rank);
    Axis[] axes = {Axis.single(), null};
    for (int i = 0; i < rank; i++) {
      int n = input.dim(i);
      int[] r = transposed(n, k[i], s[i], d[i], padding(a), op == null ? -1 : op[i]);
      axes[rank == 1 ? 1 : i] = new Axis(r[0], n, k[i], s[i], d[i], r[1], true);
    }
    return axes;
  }

  /** Checks the activation against the channel count (glu halves it); returns the output channels or -1. */
  static int activatedChannels(LayerNode layer, String kerasType, int channels, Report report) {
    AnnotationReader a = layer.annotation();
    ActivationSpec act = activation(a);
    if (act.kerasName().equals("glu") && channels % 2 != 0) {
      report.error(a.element(), a.mirror(), "activation", Message.ACTIVATION_ODD_AXIS, kerasType, layer.name(),
          channels);
      return -1;
    }
    return act.outputLast(channels);
  }

  /** The Keras initializer name of an {@code Init} attribute, e.g. {@code glorot_uniform}. */
  static String initializer(AnnotationReader a, String attribute) {
    return a.getEnum(attribute).toLowerCase(java.util.Locale.ROOT);
  }
}
