package dev.kerac.benchmarks.engines;

import dev.kerac.benchmarks.PeerModel;
import java.util.List;

/**
 * Creates engines by name: {@code kerac}, {@code onnx} (ONNX Runtime), {@code djl} (PyTorch through
 * DJL) and {@code dl4j}. Each loads the model's weights from {@code src/main/resources/peers/}.
 *
 * <pre>{@code
 * InferenceEngine e = Engines.inference("djl", PeerModel.CNN, 1);
 * }</pre>
 */
public final class Engines {
  /** Every engine name, kerac first. */
  public static final List<String> ALL = List.of("kerac", "onnx", "djl", "dl4j");

  private Engines() {}

  /**
   * A model ready for inference with {@code threads} intra-op threads (kerac: must be 1 until the
   * generated code has a thread setting).
   *
   * @throws IllegalArgumentException for an unknown engine, or a model the engine lacks
   */
  public static InferenceEngine inference(String engine, PeerModel model, int threads) {
    return switch (engine) {
      case "kerac" -> new KeracEngine(model, threads);
      case "onnx" -> new OnnxEngine(model, threads);
      case "djl" -> new DjlEngine(model, threads);
      case "dl4j" -> new Dl4jEngine(model, threads);
      default -> throw new IllegalArgumentException(
          "engine must be one of " + ALL + "; got '" + engine + "'");
    };
  }

  /**
   * A model ready for training with Adam(1e-3), batch size 64. Peers: {@code djl} builds the same
   * architecture with DJL's layers on PyTorch, {@code dl4j} a MultiLayerNetwork.
   */
  public static TrainingEngine training(String engine, PeerModel model, int threads) {
    return switch (engine) {
      case "kerac" -> new KeracEngine(model, threads);
      case "djl" -> new DjlTrainer(model, threads);
      case "dl4j" -> new Dl4jEngine(model, threads);
      default -> throw new IllegalArgumentException(
          "training engine must be one of kerac, djl, dl4j; got '" + engine + "'");
    };
  }

  /** Whether {@code engine} implements {@code model} (kerac: whether its model class exists). */
  public static boolean supports(String engine, PeerModel model) {
    return switch (engine) {
      case "kerac" -> KeracModels.exists(model);
      case "onnx", "djl" -> true;
      case "dl4j" -> model != PeerModel.LSTM;
      default -> false;
    };
  }

  /** Whether {@code engine} can train {@code model} here. */
  public static boolean supportsTraining(String engine, PeerModel model) {
    return switch (engine) {
      case "kerac" -> KeracModels.exists(model);
      case "djl", "dl4j" -> model != PeerModel.LSTM;
      default -> false;
    };
  }

  /** Whether {@code engine} has a thread-count setting (else only 1 thread is measured). */
  public static boolean hasThreadSetting(String engine) {
    return true;
  }

  static void checkThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
  }
}
