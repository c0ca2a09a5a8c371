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

  private static final String IMPORTS = "import dev.kerac.annotations.*;\n"
      + "import dev.kerac.annotations.layers.core.*;\n"
      + "import dev.kerac.annotations.layers.activations.*;\n"
      + "import dev.kerac.annotations.layers.regularization.*;\n"
      + "import dev.kerac.annotations.layers.reshaping.*;\n"
      + "import dev.kerac.annotations.layers.normalization.*;\n"
      + "import dev.kerac.annotations.layers.pooling.*;\n"
      + "import dev.kerac.annotations.layers.convolution.*;\n";

  /**
   * The source of a whole Sequential model from a {@code model_*} case config (layer names become
   * field names), or null when a layer kind is missing.
   */
  @SuppressWarnings("unchecked")
  static String modelSource(GoldenCase c, String className) {
    StringBuilder fields = new StringBuilder();
    for (Object o : (List<Object>) c.config.get("layers")) {
      Map<String, Object> l = (Map<String, Object>) o;
      String a = layer((String) l.get("class_name"), (Map<String, Object>) l.get("config"));
      if (a == null) {
        return null;
      }
      fields.append("  ").append(a).append(" Layer ").append(l.get("name")).append(";\n");
    }
    return "package " + PACKAGE + ";\n" + IMPORTS
        + "@Sequential(input = @Input(shape = " + ints(c.config.get("input_shape")) + "))\n"
        + "abstract class " + className + " {\n" + fields + "}\n";
  }

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
        + "import dev.kerac.annotations.layers.normalization.*;\n"
        + "import dev.kerac.annotations.layers.pooling.*;\n"
        + "import dev.kerac.annotations.layers.convolution.*;\n"
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
    return layer(c.keras, cfg);
  }

  /** The annotation for a Keras layer class and config, or null when kerac lacks the kind. */
  @SuppressWarnings("unchecked")
  static String layer(String keras, Map<String, Object> cfg) {
    switch (keras) {
      case "Dense":
        String reg = "";
        if (cfg.get("kernel_regularizer") instanceof Map<?, ?> r) {
          Map<String, Object> rc = (Map<String, Object>) r.get("config");
          List<String> factors = new ArrayList<>();
          for (String f : new String[] {"l1", "l2"}) {
            if (rc.get(f) != null) {
              factors.add(f + " = " + rc.get(f));
            }
          }
          reg = ", kernelRegularizer = @Regularizer(" + String.join(", ", factors) + ")";
        }
        return "@Dense(units = " + num(cfg.get("units")) + ", activation = Activations."
            + enumName((String) cfg.get("activation")) + ", useBias = " + cfg.get("use_bias") + reg + ")";
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
      case "BatchNormalization":
        return "@BatchNormalization(axis = " + num(cfg.get("axis")) + ", momentum = " + cfg.get("momentum")
            + ", epsilon = " + cfg.get("epsilon") + ", center = " + cfg.get("center")
            + ", scale = " + cfg.get("scale") + ")";
      case "LayerNormalization":
        return "@LayerNormalization(axis = " + num(cfg.get("axis")) + ", epsilon = " + cfg.get("epsilon")
            + ", center = " + cfg.get("center") + ", scale = " + cfg.get("scale") + ")";
      // Pooling and reshaping (helper/pooling).
      case "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D":
        return "@" + keras + "(poolSize = " + ints(cfg.get("pool_size"))
            + (cfg.get("strides") == null ? "" : ", strides = " + ints(cfg.get("strides")))
            + ", padding = Padding." + enumName((String) cfg.get("padding")) + ")";
      case "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalAveragePooling1D", "GlobalAveragePooling2D":
        return "@" + keras + "(keepdims = " + cfg.get("keepdims") + ")";
      case "ZeroPadding2D":
        return "@ZeroPadding2D(padding = " + ints(flat(cfg.get("padding"))) + ")";
      case "Cropping2D":
        return "@Cropping2D(cropping = " + ints(flat(cfg.get("cropping"))) + ")";
      case "UpSampling2D":
        return "@UpSampling2D(size = " + ints(flat(cfg.get("size"))) + ", interpolation = UpSampling2D.Interpolation."
            + enumName((String) cfg.get("interpolation")) + ")";
      case "Permute":
        return "@Permute(dims = " + ints(cfg.get("dims")) + ")";
      case "RepeatVector":
        return "@RepeatVector(n = " + num(cfg.get("n")) + ")";
      case "Conv1D", "Conv2D", "Conv2DTranspose", "DepthwiseConv2D", "SeparableConv2D":
        return convolution(keras, cfg);
      default:
        return null;
    }
  }

  /** Keras's int, (a, b) or ((top, bottom), (left, right)) as a flat list. */
  private static List<Object> flat(Object v) {
    List<Object> out = new ArrayList<>();
    if (v instanceof List<?> l) {
      for (Object o : l) {
        out.addAll(flat(o));
      }
    } else {
      out.add(v);
    }
    return out;
  }

  /** Convolution family: Keras tuples become int[] values, padding the Padding constant. */
  private static String convolution(String keras, Map<String, Object> cfg) {
    List<String> args = new ArrayList<>();
    if (cfg.containsKey("filters")) {
      args.add("filters = " + num(cfg.get("filters")));
    }
    args.add("kernelSize = " + ints(cfg.get("kernel_size")));
    args.add("strides = " + ints(cfg.get("strides")));
    args.add("padding = Padding." + enumName((String) cfg.get("padding")));
    args.add("dilationRate = " + ints(cfg.get("dilation_rate")));
    if (cfg.get("groups") != null) {
      args.add("groups = " + num(cfg.get("groups")));
    }
    if (cfg.get("depth_multiplier") != null) {
      args.add("depthMultiplier = " + num(cfg.get("depth_multiplier")));
    }
    if (cfg.get("output_padding") != null) {
      args.add("outputPadding = " + ints(cfg.get("output_padding")));
    }
    args.add("activation = Activations." + enumName((String) cfg.get("activation")));
    args.add("useBias = " + cfg.get("use_bias"));
    return "@" + keras + "(" + String.join(", ", args) + ")";
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
