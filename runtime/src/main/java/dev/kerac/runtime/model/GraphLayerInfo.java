package dev.kerac.runtime.model;

import java.util.List;

/**
 * One row of a functional model's {@code summary()}: the layer, plus the layers whose outputs it
 * consumes (Keras' "Connected to" column). Input layers have no inbound layers.
 *
 * <p>kerac has no shared layers and no multi-output layers, so every connection is shown as
 * {@code name[0][0]} (node 0, tensor 0), as Keras shows them for such graphs.
 *
 * <pre>{@code
 * List<GraphLayerInfo> rows = List.of(
 *     new GraphLayerInfo(new LayerInfo("a", "InputLayer", new int[] {8}, 0, 0), List.of()),
 *     new GraphLayerInfo(new LayerInfo("b", "InputLayer", new int[] {8}, 0, 0), List.of()),
 *     new GraphLayerInfo(new LayerInfo("add", "Add", new int[] {8}, 0, 0), List.of("a", "b")));
 * System.out.print(Summary.renderGraph("functional", rows, -1));
 * }</pre>
 *
 * @param layer what the row shows about the layer itself
 * @param inbound names of the layers feeding it, in call order (empty for an input layer)
 */
public record GraphLayerInfo(LayerInfo layer, List<String> inbound) {

  public GraphLayerInfo {
    if (layer == null) {
      throw new IllegalArgumentException("expected a LayerInfo, got null");
    }
    if (inbound == null) {
      throw new IllegalArgumentException(
          "expected the inbound layer names of '" + layer.name() + "' (empty for inputs), got null");
    }
    inbound = List.copyOf(inbound);
  }
}
