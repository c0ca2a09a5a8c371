package dev.kerac.processor.model;

import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A model as read from its annotations: a graph of layers over one input. A Sequential model is a
 * chain; other readers (functional) produce the same description.
 *
 * @param type the user's model class
 * @param name the Keras model name, e.g. {@code sequential}
 * @param inputShape the model input's shape (batch excluded)
 * @param layers the layers in execution (topological) order; the last one is the output
 */
public record ModelSpec(TypeElement type, String name, Shape inputShape, List<LayerNode> layers) {

  public LayerNode output() {
    return layers.get(layers.size() - 1);
  }
}
