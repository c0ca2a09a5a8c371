package dev.kerac.processor.layers;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.kerac.processor.diagnostics.Message;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.read.AnnotationReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Keras activation function with its arguments, and the runtime call that creates it
 * ({@code ActivationFunctions.relu(0.0f, Float.NaN, 0.0f)}). Shared by every layer that applies one.
 */
public final class ActivationSpec {
  public static final ClassName FUNCTIONS =
      ClassName.get("dev.kerac.runtime.activations", "ActivationFunctions");
  public static final ClassName FUNCTION =
      ClassName.get("dev.kerac.runtime.activations", "ActivationFunction");

  /** A factory method and its arguments in order, with the Keras function defaults (NaN = required). */
  private record Signature(String kerasName, String factory, Map<String, Double> params, boolean axisWise) {}

  private static final Map<String, Signature> SIGNATURES = new LinkedHashMap<>();

  private static void add(String enumName, String kerasName, String factory, Object... paramsAndDefaults) {
    Map<String, Double> params = new LinkedHashMap<>();
    for (int i = 0; i < paramsAndDefaults.length; i += 2) {
      params.put((String) paramsAndDefaults[i], ((Number) paramsAndDefaults[i + 1]).doubleValue());
    }
    SIGNATURES.put(enumName, new Signature(kerasName, factory, params, false));
  }

  private static void addAxisWise(String enumName, String kerasName, String factory) {
    SIGNATURES.put(enumName, new Signature(kerasName, factory, Map.of(), true));
  }

  static {
    add("LINEAR", "linear", "linear");
    add("RELU", "relu", "relu", "negativeSlope", 0.0, "maxValue", Double.NaN, "threshold", 0.0);
    add("RELU6", "relu6", "relu6");
    add("LEAKY_RELU", "leaky_relu", "leakyRelu", "negativeSlope", 0.2);
    add("ELU", "elu", "elu", "alpha", 1.0);
    add("SELU", "selu", "selu");
    add("CELU", "celu", "celu", "alpha", 1.0);
    add("GELU", "gelu", "gelu");
    add("SIGMOID", "sigmoid", "sigmoid");
    add("HARD_SIGMOID", "hard_sigmoid", "hardSigmoid");
    add("LOG_SIGMOID", "log_sigmoid", "logSigmoid");
    add("SPARSE_SIGMOID", "sparse_sigmoid", "sparseSigmoid");
    add("SILU", "silu", "silu");
    add("SWISH", "silu", "silu");
    add("HARD_SILU", "hard_silu", "hardSilu");
    add("HARD_SWISH", "hard_silu", "hardSilu");
    add("TANH", "tanh", "tanh");
    add("HARD_TANH", "hard_tanh", "hardTanh");
    add("TANH_SHRINK", "tanh_shrink", "tanhShrink");
    add("SOFT_SHRINK", "soft_shrink", "softShrink", "threshold", 0.5);
    add("HARD_SHRINK", "hard_shrink", "hardShrink", "threshold", 0.5);
    add("SOFTPLUS", "softplus", "softplus");
    add("SOFTSIGN", "softsign", "softsign");
    add("SPARSE_PLUS", "sparse_plus", "sparsePlus");
    add("SQUAREPLUS", "squareplus", "squareplus", "b", 4.0);
    add("MISH", "mish", "mish");
    add("EXPONENTIAL", "exponential", "exponential");
    add("THRESHOLD", "threshold", "threshold", "threshold", Double.NaN, "defaultValue", Double.NaN);
    addAxisWise("SOFTMAX", "softmax", "softmax");
    addAxisWise("LOG_SOFTMAX", "log_softmax", "logSoftmax");
    addAxisWise("SPARSEMAX", "sparsemax", "sparsemax");
    addAxisWise("GLU", "glu", "glu");
  }

  /** The optional numeric arguments of {@code @Activation}. */
  public static final List<String> NUMERIC_ARGUMENTS =
      List.of("negativeSlope", "maxValue", "threshold", "defaultValue", "alpha", "b");

  private final Signature signature;
  private final List<Double> args;
  private final boolean approximate;

  private ActivationSpec(Signature signature, List<Double> args, boolean approximate) {
    this.signature = signature;
    this.args = args;
    this.approximate = approximate;
  }

  /** The function with its Keras defaults, for {@code activation =} attributes. */
  public static ActivationSpec ofDefaults(String enumName) {
    Signature s = SIGNATURES.get(enumName);
    return new ActivationSpec(s, new ArrayList<>(s.params().values()), false);
  }

  /** A function with explicit arguments (an activation layer), e.g. ReLU's. */
  public static ActivationSpec of(String enumName, Map<String, Double> args) {
    Signature s = SIGNATURES.get(enumName);
    List<Double> values = new ArrayList<>();
    for (Map.Entry<String, Double> p : s.params().entrySet()) {
      Double v = args.get(p.getKey());
      values.add(v != null && !v.isNaN() ? v : p.getValue());
    }
    return new ActivationSpec(s, values, false);
  }

  /**
   * Reads {@code @Activation(value, negativeSlope, ...)}: checks that only the function's own
   * arguments are given and that required ones are present. Returns null after reporting.
   */
  public static ActivationSpec read(AnnotationReader a, Report report) {
    String enumName = a.getEnum("value");
    Signature s = SIGNATURES.get(enumName);
    Map<String, Double> given = new LinkedHashMap<>();
    boolean ok = true;
    for (String arg : NUMERIC_ARGUMENTS) {
      double v = a.getDouble(arg);
      if (Double.isNaN(v)) {
        continue;
      }
      if (!s.params().containsKey(arg)) {
        report.error(a.element(), a.mirror(), arg, Message.ACTIVATION_ARGUMENT, s.kerasName(), arg,
            s.params().isEmpty() ? "it takes no arguments" : "it takes " + s.params().keySet());
        ok = false;
      } else if (Double.isInfinite(v)) {
        report.error(a.element(), a.mirror(), arg, Message.VALUE_NOT_FINITE, "Activation", arg, v);
        ok = false;
      }
      given.put(arg, v);
    }
    boolean approximate = a.getBoolean("approximate");
    if (approximate && !enumName.equals("GELU")) {
      report.error(a.element(), a.mirror(), "approximate", Message.ACTIVATION_ARGUMENT,
          s.kerasName(), "approximate", "only gelu has it");
      ok = false;
    }
    for (Map.Entry<String, Double> p : s.params().entrySet()) {
      if (p.getValue().isNaN() && !given.containsKey(p.getKey()) && !p.getKey().equals("maxValue")) {
        report.error(a.element(), a.mirror(), "value", Message.ACTIVATION_REQUIRED_ARGUMENT,
            s.kerasName(), p.getKey());
        ok = false;
      }
    }
    if (!ok) {
      return null;
    }
    ActivationSpec spec = of(enumName, given);
    return new ActivationSpec(spec.signature, spec.args, approximate);
  }

  /** The Keras function name, e.g. {@code relu} ({@code silu} for swish). */
  public String kerasName() {
    return signature.kerasName();
  }

  public boolean isLinear() {
    return signature.kerasName().equals("linear");
  }

  /** Whether the function works on groups along the last axis (softmax, glu, ...). */
  public boolean axisWise() {
    return signature.axisWise();
  }

  /** The last-axis size of the output for an input last axis (glu halves it). */
  public int outputLast(int inputLast) {
    return signature.kerasName().equals("glu") ? inputLast / 2 : inputLast;
  }

  /** The runtime call creating the function; {@code axisSize} is the input's last axis. */
  public CodeBlock create(int axisSize) {
    CodeBlock.Builder b = CodeBlock.builder().add("$T.$N(", FUNCTIONS, signature.factory());
    if (signature.axisWise()) {
      b.add("$L", axisSize);
    } else if (signature.factory().equals("gelu")) {
      b.add("$L", approximate);
    } else {
      for (int i = 0; i < args.size(); i++) {
        b.add(i == 0 ? "$L" : ", $L", floatLiteral(args.get(i)));
      }
    }
    return b.add(")").build();
  }

  /** A short description for comments, e.g. {@code relu(maxValue=6.0)}. */
  public String describe() {
    StringBuilder b = new StringBuilder(signature.kerasName());
    List<String> names = new ArrayList<>(signature.params().keySet());
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      double dflt = signature.params().get(names.get(i));
      double v = args.get(i);
      if (!(Double.isNaN(dflt) && Double.isNaN(v)) && Double.compare(dflt, v) != 0) {
        shown.add(names.get(i) + "=" + v);
      }
    }
    if (approximate) {
      shown.add("approximate");
    }
    if (!shown.isEmpty()) {
      b.append(String.join(", ", shown).isEmpty() ? "" : "(" + String.join(", ", shown) + ")");
    }
    return b.toString();
  }

  /** A Java float literal for a value (NaN and infinities included). */
  public static String floatLiteral(double v) {
    if (Double.isNaN(v)) {
      return "Float.NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Float.POSITIVE_INFINITY" : "Float.NEGATIVE_INFINITY";
    }
    return Float.toString((float) v) + "f";
  }
}
