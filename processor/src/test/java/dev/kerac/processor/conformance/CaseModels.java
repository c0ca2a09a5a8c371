package dev.kerac.processor.conformance;

import dev.kerac.runtime.testing.GoldenCase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the kerac source of a one-layer model that reproduces a golden case: the case's Keras class
 * and config become the matching annotation. Returns null for layer kinds kerac does not have yet.
 * Later layer families add their translation here.
 */
final class CaseModels {
  private CaseModels() {}

  static final String PACKAGE = "golden";

  /** The model source, or null when the case's kind is not supported yet. */
  static String source(GoldenCase c, String className) {
    String layer = layerAnnotation(c);
    if (layer == null) {
      return null;
    }
    int[] x = c.shape(c.has("x") ? "x" : "x0");
    StringBuilder shape = new StringBuilder();
    for (int i = 1; i < x.length; i++) {
      shape.append(i == 1 ? "" : ", ").append(x[i]);
    }
    return "package " + PACKAGE + ";\n"
        + "import dev.kerac.annotations.*;\n"
        + "import dev.kerac.annotations.layers.core.*;\n"
        + "import dev.kerac.annotations.layers.activations.*;\n"
        + "import dev.kerac.annotations.layers.regularization.*;\n"
        + "import dev.kerac.annotations.layers.reshaping.*;\n"
        + "@Sequential(input = @Input(shape = {" + shape + "}))\n"
        + "abstract class " + className + " {\n"
        + "  " + layer + " Layer layer;\n"
        + "}\n";
  }

  private static String layerAnnotation(GoldenCase c) {
    Map<String, Object> cfg = c.config;
    if (c.kind.equals("activation")) {
      return activation(c.keras, cfg);
    }
    switch (c.keras) {
      case "Dense":
        return "@Dense(units = " + num(cfg.get("units")) + ", activation = Activations."
            + enumName((String) cfg.get("activation")) + ", useBias = " + cfg.get("use_bias") + ")";
      case "Flatten":
        return "@Flatten";
      case "Reshape":
        return "@Reshape(targetShape = " + ints(cfg.get("target_shape")) + ")";
      case "Dropout":
        return "@Dropout(rate = " + cfg.get("rate") + ")";
      case "Softmax":
        return "@Softmax";
      case "PReLU":
        Object axes = cfg.get("shared_axes");
        return "@PReLU" + (axes == null ? "" : "(sharedAxes = " + ints(axes) + ")");
      default:
        return null;
    }
  }

  private static String activation(String keras, Map<String, Object> cfg) {
    List<String> args = new ArrayList<>();
    args.add("value = Activations." + enumName(keras));
    for (Map.Entry<String, Object> e : cfg.entrySet()) {
      switch (e.getKey()) {
        case "axis" -> { } // last axis, the only one supported
        case "approximate" -> args.add("approximate = " + e.getValue());
        default -> args.add(camel(e.getKey()) + " = " + e.getValue());
      }
    }
    return "@Activation(" + String.join(", ", args) + ")";
  }

  static String enumName(String kerasName) {
    return kerasName.toUpperCase(Locale.ROOT);
  }

  private static String camel(String snake) {
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char ch : snake.toCharArray()) {
      if (ch == '_') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(ch) : ch);
        up = false;
      }
    }
    return b.toString();
  }

  private static String num(Object o) {
    return String.valueOf(((Number) o).intValue());
  }

  private static String ints(Object list) {
    StringBuilder b = new StringBuilder("{");
    List<?> l = (List<?>) list;
    for (int i = 0; i < l.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(((Number) l.get(i)).intValue());
    }
    return b.append("}").toString();
  }
}
