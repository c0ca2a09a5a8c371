package dev.kerac.processor.layers.normalization;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.kerac.processor.diagnostics.Message;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.LayerCode;
import dev.kerac.processor.layers.Checks;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.model.WeightSpec;
import dev.kerac.processor.read.AnnotationReader;
import java.util.List;
import java.util.Locale;

/**
 * What BatchNormalization and LayerNormalization share: the checks of {@code epsilon}, {@code axis}
 * and the regularizers, the {@code gamma}/{@code beta} weights, and the loop shapes of the emitted
 * code. Samples are NHWC-flat rows, so the {@code C} channels of one position are contiguous at
 * offset {@code o = p * C}: loops go over positions, then over channels.
 */
final class Normalization {
  static final TypeName FLOATS = ArrayTypeName.of(float.class);
  static final TypeName DOUBLES = ArrayTypeName.of(double.class);

  private Normalization() {}

  /** {@code epsilon} positive and finite; both regularizers valid. */
  static void check(AnnotationReader a, Report report) {
    double eps = a.getDouble("epsilon");
    if (Double.isNaN(eps) || Double.isInfinite(eps)) {
      report.error(a.element(), a.mirror(), "epsilon", Message.VALUE_NOT_FINITE, a.simpleName(), "epsilon", eps);
    } else if (eps <= 0) {
      report.error(a.element(), a.mirror(), "epsilon", Message.VALUE_NOT_POSITIVE, a.simpleName(), "epsilon", eps);
    }
    Checks.regularizer(a, "gammaRegularizer", report);
    Checks.regularizer(a, "betaRegularizer", report);
  }

  /** Only the last axis: {@code -1} or the input rank (Keras counts the batch axis as 0). */
  static boolean checkAxis(LayerNode layer, Shape input, Report report) {
    AnnotationReader a = layer.annotation();
    int axis = a.getInt("axis");
    if (axis != -1 && axis != input.rank()) {
      report.error(a.element(), a.mirror(), "axis", Message.NORMALIZATION_AXIS, a.simpleName(), layer.name(),
          axis, input.rank(), input);
      return false;
    }
    return true;
  }

  /** {@code gamma} (if scale) then {@code beta} (if center), each {@code [C]}, trainable. */
  static void affineWeights(AnnotationReader a, int channels, List<WeightSpec> out) {
    if (a.getBoolean("scale")) {
      AnnotationReader r = a.getAnnotation("gammaRegularizer");
      out.add(new WeightSpec("gamma", new Shape(channels), true, initializer(a, "gammaInitializer"),
          r.getDouble("l1"), r.getDouble("l2")));
    }
    if (a.getBoolean("center")) {
      AnnotationReader r = a.getAnnotation("betaRegularizer");
      out.add(new WeightSpec("beta", new Shape(channels), true, initializer(a, "betaInitializer"),
          r.getDouble("l1"), r.getDouble("l2")));
    }
  }

  static String initializer(AnnotationReader a, String attribute) {
    return a.getEnum(attribute).toLowerCase(Locale.ROOT);
  }

  /** A {@code float[size]} scratch field of the layer. */
  static String floats(LayerCode c, String role, int size) {
    return c.field(role, FLOATS, CodeBlock.of("new float[$L]", size));
  }

  /** A {@code double[size]} scratch field of the layer. */
  static String doubles(LayerCode c, String role, int size) {
    return c.field(role, DOUBLES, CodeBlock.of("new double[$L]", size));
  }

  /** Opens the loop over a sample's positions (none when there is one), declaring offset {@code o}. */
  static void beginPositions(CodeBlock.Builder code, int positions, int channels) {
    if (positions > 1) {
      code.beginControlFlow("for (int p = 0; p < $L; p++)", positions);
      code.addStatement("int o = p * $L", channels);
    }
  }

  static void endPositions(CodeBlock.Builder code, int positions) {
    if (positions > 1) {
      code.endControlFlow();
    }
  }

  /** The index of channel {@code c} of the current position in a sample row. */
  static String at(int positions) {
    return positions > 1 ? "o + c" : "c";
  }

  /** The offset of the current position in a sample row. */
  static String offset(int positions) {
    return positions > 1 ? "o" : "0";
  }

  /**
   * Copies the per-channel values at {@code [0, channels)} of each row to every other position, so
   * that hot loops can index the row like a sample ({@code y[k] = x[k] * scale[k]}). Nothing to do
   * when a sample has one position.
   */
  static void replicate(CodeBlock.Builder code, int positions, int channels, String... rows) {
    if (positions > 1) {
      code.beginControlFlow("for (int p = 1; p < $L; p++)", positions);
      for (String row : rows) {
        code.addStatement("System.arraycopy($L, 0, $L, p * $L, $L)", row, row, channels, channels);
      }
      code.endControlFlow();
    }
  }

  /**
   * Emits {@code double <name> = sum over c < n of <term>} for each name, with four partial sums per
   * name (one accumulator would serialize the loop on the add latency; the JIT does not vectorize
   * float reductions). {@code #} in a term stands for the channel index. The tail of {@code n % 4}
   * channels is unrolled, so no index variable outlives the statement.
   */
  static void sums(CodeBlock.Builder code, int n, String[] names, String[] terms) {
    for (String name : names) {
      code.addStatement("double $L0 = 0, $L1 = 0, $L2 = 0, $L3 = 0", name, name, name, name);
    }
    int n4 = n - n % 4;
    if (n4 > 0) {
      code.beginControlFlow("for (int c = 0; c < $L; c += 4)", n4);
      for (int i = 0; i < names.length; i++) {
        for (int k = 0; k < 4; k++) {
          code.addStatement("$L$L += $L", names[i], k, terms[i].replace("#", k == 0 ? "c" : "c + " + k));
        }
      }
      code.endControlFlow();
    }
    for (int i = 0; i < names.length; i++) {
      for (int c = n4; c < n; c++) {
        code.addStatement("$L$L += $L", names[i], c - n4, terms[i].replace("#", String.valueOf(c)));
      }
      code.addStatement("double $L = ($L0 + $L1) + ($L2 + $L3)", names[i], names[i], names[i], names[i], names[i]);
    }
  }

  /** Opens {@code for (int c = 0; c < channels; c++)}. */
  static void beginChannels(CodeBlock.Builder code, int channels) {
    code.beginControlFlow("for (int c = 0; c < $L; c++)", channels);
  }
}
