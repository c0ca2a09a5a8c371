package dev.kerac.runtime.optimizers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.runtime.model.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The optimizer table of KERAS_SEMANTICS.md Appendix A (Keras on JAX, float32, rounded to 6 decimals):
 * {@code w0 = [1, -2]}, {@code g1 = [0.5, -1]}, {@code g2 = [0.2, 0.3]}.
 */
class AppendixATest {
  private static final float[] W0 = {1f, -2f};
  private static final float[] G1 = {0.5f, -1f};
  private static final float[] G2 = {0.2f, 0.3f};

  private record Row(String label, Supplier<Optimizer> make, double[] step1, double[] step2) {}

  private static Row row(String label, Supplier<Optimizer> make, double[] s1, double[] s2) {
    return new Row(label, make, s1, s2);
  }

  private static double[] v(double... x) {
    return x;
  }

  @TestFactory
  Stream<DynamicTest> table() {
    return Stream.of(
            row("SGD()", SGD::new, v(0.995, -1.99), v(0.993, -1.993)),
            row("SGD(momentum=0.9)", () -> new SGD(0.01, 0.9, false),
                v(0.995, -1.99), v(0.9885, -1.984)),
            row("SGD(momentum=0.9, nesterov=True)", () -> new SGD(0.01, 0.9, true),
                v(0.9905, -1.981), v(0.98265, -1.9786)),
            row("Adam()", Adam::new, v(0.999, -1.999), v(0.9981015, -1.9985722)),
            row("Adam(amsgrad=True)", () -> new Adam().amsgrad(true),
                v(0.999, -1.999), v(0.9981015, -1.9985722)),
            row("AdamW()", AdamW::new, v(0.998996, -1.998992), v(0.9980935, -1.9985563)),
            row("RMSprop()", RMSprop::new, v(0.9968377, -1.9968379), v(0.9956092, -1.9977912)),
            row("RMSprop(momentum=0.5, centered=True)", () -> new RMSprop().momentum(0.5).centered(true),
                v(0.9966667, -1.9966666), v(0.99366, -1.9959714)),
            row("Adagrad()", Adagrad::new, v(0.9991549, -1.9990466), v(0.9988346, -1.9993216)),
            row("Adadelta()", Adadelta::new, v(0.9999986, -1.9999986), v(0.9999978, -1.9999992)),
            row("Adamax()", Adamax::new, v(0.999, -1.999), v(0.9983151, -1.9986838)),
            row("Nadam()", Nadam::new, v(0.9989372, -1.9989372), v(0.9984906, -1.9991618)),
            row("SGD(0.1, weight_decay=0.1)", () -> new SGD(0.1).weightDecay(0.1),
                v(0.94, -1.88), v(0.9106, -1.8912)),
            row("Adam(global_clipnorm=0.5)", () -> new Adam().globalClipnorm(0.5),
                v(0.999, -1.999), v(0.9980045, -1.9988585)))
        .map(r -> DynamicTest.dynamicTest(r.label(), () -> check(r)));
  }

  private static void check(Row r) {
    Optimizer opt = r.make().get();
    Parameter p = new Parameter("t", "w", new int[] {2}, true, null);
    p.set(W0);
    List<Parameter> params = List.of(p);
    OptimizerGoldenTest.setGrad(p, G1);
    opt.apply(params);
    assertNear(r.label() + " step 1", r.step1(), p.toArray());
    OptimizerGoldenTest.setGrad(p, G2);
    opt.apply(params);
    assertNear(r.label() + " step 2", r.step2(), p.toArray());
  }

  /** The table is rounded to 6 decimals: 1e-6 absolute plus the appendix's 1e-5 relative. */
  static void assertNear(String what, double[] expected, float[] actual) {
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(actual[i] - expected[i]);
      assertTrue(err <= 1e-6 + 1e-5 * Math.abs(expected[i]),
          what + ": expected " + Arrays.toString(expected) + ", got " + Arrays.toString(actual));
    }
  }
}
