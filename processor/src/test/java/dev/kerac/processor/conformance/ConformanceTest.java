package dev.kerac.processor.conformance;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.kerac.processor.testing.ModelCompiler;
import dev.kerac.runtime.model.Model;
import dev.kerac.runtime.model.Parameter;
import dev.kerac.runtime.testing.GoldenCase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The reference-number suite: for every {@code activation_*} and {@code layer_*} case, compiles a
 * one-layer model with the real processor, loads the case's weights, runs forward and backward
 * ({@code L = sum(y * dy)}) and compares {@code y}, {@code dx}, every {@code d<weight>} of a trainable
 * weight and every {@code <weight>_after} (non-trainable state updated by the forward pass, e.g.
 * BatchNormalization's moving statistics) with the case's tolerances. Every weight, trainable or not,
 * is loaded from the case. Reads the project's copy of the cases, or {@code -Dkerac.golden.dir=...}.
 * Cases of layer kinds kerac does not have yet are reported as skipped.
 */
class ConformanceTest {

  @TestFactory
  Stream<DynamicTest> activations() {
    return cases("activation_");
  }

  @TestFactory
  Stream<DynamicTest> layers() {
    return cases("layer_");
  }

  private static Stream<DynamicTest> cases(String prefix) {
    List<DynamicTest> tests = new ArrayList<>();
    for (GoldenCase c : GoldenCase.all(prefix)) {
      tests.add(DynamicTest.dynamicTest(c.name, () -> run(c)));
    }
    return tests.stream();
  }

  static void run(GoldenCase c) {
    String className = "Case_" + c.name;
    String source = CaseModels.source(c, className);
    Assumptions.assumeTrue(source != null, c.keras + " is not supported yet");
    int[] xShape = c.shape("x");
    int batch = xShape[0];
    Model model = ModelCompiler.build(CaseModels.PACKAGE + "." + className, source, batch, 1);
    for (Parameter p : model.parameters()) {
      assertNotNull(c.has(p.name()) ? p : null, c.file + " has no weight " + p.name());
      p.set(c.data(p.name()));
    }
    float[][] x = c.rows("x");
    model.forward(x, batch, c.training);
    c.assertClose("y", GoldenCase.flat(model.output(), batch));
    // State a training forward updates in place (BatchNormalization's moving statistics): every
    // "<weight>_after" tensor of the case against that non-trainable weight.
    List<String> checked = new ArrayList<>();
    for (String t : c.tensorNames()) {
      if (t.endsWith("_after")) {
        String weight = t.substring(0, t.length() - "_after".length());
        Parameter p = null;
        for (Parameter q : model.parameters()) {
          p = q.name().equals(weight) && !q.trainable() ? q : p;
        }
        assertNotNull(p, c.file + " has " + t + " but the model has no non-trainable weight " + weight);
        c.assertClose(t, p.toArray());
        checked.add(t);
      }
    }
    // Any other non-trainable weight must be left as loaded (e.g. moving statistics in inference).
    for (Parameter p : model.parameters()) {
      if (!p.trainable() && !c.has(p.name() + "_after")) {
        c.assertClose(p.name(), p.toArray());
      }
    }
    model.backward(c.rows("dy"), batch);
    c.assertClose("dx", GoldenCase.flat(model.inputGradient(), batch));
    for (Parameter p : model.parameters()) {
      if (p.trainable()) {
        c.assertClose("d" + p.name(), GoldenCase.flat(p.grad(), p.rows()));
        checked.add("d" + p.name());
      }
    }
    System.out.printf("golden %-40s ok  y dx %s%n", c.name, String.join(" ", checked));
  }
}
