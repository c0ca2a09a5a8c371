package dev.kerac.processor.conformance;

import dev.kerac.processor.testing.ModelCompiler;
import dev.kerac.runtime.losses.Loss;
import dev.kerac.runtime.losses.Losses;
import dev.kerac.runtime.model.Model;
import dev.kerac.runtime.model.Parameter;
import dev.kerac.runtime.optimizers.Optimizer;
import dev.kerac.runtime.optimizers.Optimizers;
import dev.kerac.runtime.testing.GoldenCase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The {@code model_*} reference trajectories: a whole model compiled by the processor, trained with
 * {@code trainOnBatch} on the case's batch, must reproduce every per-step loss (regularization
 * included), the step-1 gradients, the final weights and predictions.
 */
class ModelTrajectoryTest {

  @TestFactory
  Stream<DynamicTest> trajectories() {
    List<DynamicTest> tests = new ArrayList<>();
    for (GoldenCase c : GoldenCase.all("model_")) {
      tests.add(DynamicTest.dynamicTest(c.name, () -> run(c)));
    }
    return tests.stream();
  }

  @SuppressWarnings("unchecked")
  private static void run(GoldenCase c) {
    String className = "Trajectory_" + c.name;
    String source = CaseModels.modelSource(c, className);
    Assumptions.assumeTrue(source != null, c.name + " uses a layer kind kerac does not have yet");
    int batch = c.shape("x")[0];
    Model model = ModelCompiler.build(CaseModels.PACKAGE + "." + className, source, batch, 1);
    for (Parameter p : model.parameters()) {
      // Cases list trainable weights; non-trainable ones (moving statistics) keep their initializers.
      if (p.trainable() || c.has(p.path())) {
        p.set(c.data(p.path()));
      }
    }
    Map<String, Object> opt = (Map<String, Object>) c.config.get("optimizer");
    Optimizer optimizer = Optimizers.fromConfig((String) opt.get("class_name"),
        (Map<String, Object>) opt.get("config"));
    model.compile(optimizer, loss((Map<String, Object>) c.config.get("loss")));

    float[][] x = c.rows("x");
    float[][] y = c.rows("y");
    c.assertClose("y_pred_0", GoldenCase.flat(model.predict(x), batch));
    int steps = ((Number) c.config.get("steps")).intValue();
    for (int k = 1; k <= steps; k++) {
      double loss = model.trainer().trainOnBatch(x, y, null, batch);
      c.assertClose("loss_" + k, new float[] {(float) loss});
      if (k == 1) {
        for (Parameter p : model.parameters()) {
          if (p.trainable()) {
            c.assertClose("grad_1/" + p.path(), GoldenCase.flat(p.grad(), p.rows()));
          }
        }
      }
    }
    for (Parameter p : model.parameters()) {
      if (p.trainable() || c.has("final/" + p.path())) {
        c.assertClose("final/" + p.path(), p.toArray());
      }
    }
    c.assertClose("y_pred_final", GoldenCase.flat(model.predict(x), batch));
    c.assertClose("loss_final", new float[] {model.evaluate(x, y).get("loss").floatValue()});
    System.out.printf("golden %-40s ok  %d steps, losses, step-1 gradients, final weights%n", c.name, steps);
  }

  @SuppressWarnings("unchecked")
  private static Loss loss(Map<String, Object> spec) {
    Map<String, Object> cfg = (Map<String, Object>) spec.get("config");
    boolean fromLogits = Boolean.TRUE.equals(cfg.get("from_logits"));
    float smoothing = cfg.get("label_smoothing") == null ? 0f : ((Number) cfg.get("label_smoothing")).floatValue();
    return switch ((String) spec.get("class_name")) {
      case "CategoricalCrossentropy" -> Losses.categoricalCrossentropy(fromLogits, smoothing);
      case "BinaryCrossentropy" -> Losses.binaryCrossentropy(fromLogits, smoothing);
      case "SparseCategoricalCrossentropy" -> Losses.sparseCategoricalCrossentropy(fromLogits);
      default -> Losses.byName((String) spec.get("class_name"));
    };
  }
}
