package dev.kerac.processor.plan;

import com.palantir.javapoet.NameAllocator;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.ModelSpec;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where every tensor lives in the generated class: per-sample rows ({@code float[capacity][size]})
 * for each layer output and its gradient. Layers that only reinterpret their input (Flatten, Reshape)
 * share their input's rows. Field names derive from layer names and are unique.
 */
public final class Layout {
  /** The rows holding a tensor and its gradient. */
  public record Rows(String values, String grads, int size) {}

  /** Fields of the model input: the caller's rows and their gradient. */
  public static final String INPUT = "input";

  public static final String INPUT_GRAD = "inputGrad";

  private final NameAllocator names = new NameAllocator();
  private final Map<LayerNode, Rows> outputs = new IdentityHashMap<>();
  private final Rows input;

  public Layout(ModelSpec model) {
    for (String reserved : new String[] {INPUT, INPUT_GRAD, "capacity", "seed", "batch", "training",
        "parameters", "layers", "outputFromLogits", "single", "trainer"}) {
      names.newName(reserved, reserved);
    }
    input = new Rows(INPUT, INPUT_GRAD, model.inputShape().size());
    for (LayerNode layer : model.layers()) {
      Rows in = in(layer);
      if (layer.kind().aliasesInput()) {
        outputs.put(layer, in);
      } else {
        outputs.put(layer, new Rows(
            name(layer, "Output"), name(layer, "OutputGrad"), layer.outputShape().size()));
      }
    }
  }

  /** A unique field name {@code <layer><Role>}, allocated once per (layer, role). */
  public String name(LayerNode layer, String role) {
    String tag = layer.name() + "#" + role;
    try {
      return names.get(tag);
    } catch (IllegalArgumentException notYet) {
      return names.newName(camel(layer.name()) + role, tag);
    }
  }

  public Rows input() {
    return input;
  }

  /** The rows a layer reads. */
  public Rows in(LayerNode layer) {
    return layer.inputs().isEmpty() ? input : outputs.get(layer.inputs().get(0));
  }

  public Rows out(LayerNode layer) {
    return outputs.get(layer);
  }

  /** {@code dense_1} -> {@code dense1}; {@code hidden1} stays. */
  public static String camel(String name) {
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char ch : name.toCharArray()) {
      if (ch == '_') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(ch) : ch);
        up = false;
      }
    }
    String s = b.toString();
    return s.isEmpty() ? "layer" : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
  }

  /** {@code hidden1} -> {@code Hidden1}. */
  public static String upper(String name) {
    String c = camel(name);
    return c.substring(0, 1).toUpperCase(Locale.ROOT) + c.substring(1);
  }
}
