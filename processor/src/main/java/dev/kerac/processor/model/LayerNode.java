package dev.kerac.processor.model;

import dev.kerac.processor.layers.LayerKind;
import dev.kerac.processor.read.AnnotationReader;
import java.util.ArrayList;
import java.util.List;

/**
 * One layer of a model graph: its kind, its annotation, the tensors it consumes and, after shape
 * inference, its input and output shapes and weights.
 */
public final class LayerNode {
  private final String name;
  private final LayerKind kind;
  private final AnnotationReader annotation;
  private final List<LayerNode> inputs;
  private Shape inputShape;
  private Shape outputShape;
  private List<WeightSpec> weights = List.of();

  /**
   * @param inputs the producing layers; an empty list means the model input
   */
  public LayerNode(String name, LayerKind kind, AnnotationReader annotation, List<LayerNode> inputs) {
    this.name = name;
    this.kind = kind;
    this.annotation = annotation;
    this.inputs = new ArrayList<>(inputs);
  }

  public String name() {
    return name;
  }

  public LayerKind kind() {
    return kind;
  }

  /** The layer's annotation: configuration values and where to report problems. */
  public AnnotationReader annotation() {
    return annotation;
  }

  /** Producers of this layer's inputs; empty when it reads the model input. */
  public List<LayerNode> inputs() {
    return inputs;
  }

  public Shape inputShape() {
    return inputShape;
  }

  public Shape outputShape() {
    return outputShape;
  }

  public List<WeightSpec> weights() {
    return weights;
  }

  /** Set by shape inference. */
  public void resolve(Shape input, Shape output, List<WeightSpec> weights) {
    this.inputShape = input;
    this.outputShape = output;
    this.weights = List.copyOf(weights);
  }

  public long trainableParams() {
    long n = 0;
    for (WeightSpec w : weights) {
      n += w.trainable() ? w.shape().size() : 0;
    }
    return n;
  }

  public long nonTrainableParams() {
    long n = 0;
    for (WeightSpec w : weights) {
      n += w.trainable() ? 0 : w.shape().size();
    }
    return n;
  }
}
