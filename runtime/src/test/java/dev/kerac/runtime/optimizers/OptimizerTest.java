package dev.kerac.runtime.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.runtime.io.NamedTensor;
import dev.kerac.runtime.model.Parameter;
import dev.kerac.runtime.optimizers.schedules.PiecewiseConstantDecay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The Optimizer contract: clipping, weight decay, schedules, slots, state restore, misuse. */
class OptimizerTest {

  private static Parameter param(String layer, String name, int[] shape, boolean trainable) {
    return new Parameter(layer, name, shape, trainable, null);
  }

  private static List<String> names(Optimizer opt) {
    List<String> out = new ArrayList<>();
    for (NamedTensor t : opt.variables()) {
      out.add(t.name());
    }
    return out;
  }

  @Test
  void clipnormScalesEachVariableSeparately() {
    // KERAS_SEMANTICS §4.2: clipnorm 0.5 on g = (3, 4) gives (0.3, 0.4).
    Parameter a = param("d", "a", new int[] {2}, true);
    Parameter b = param("d", "b", new int[] {2}, true);
    OptimizerGoldenTest.setGrad(a, new float[] {3f, 4f});
    OptimizerGoldenTest.setGrad(b, new float[] {0.1f, 0.2f}); // norm below 0.5: unchanged
    new SGD(1.0).clipnorm(0.5).apply(List.of(a, b));
    assertArrayEquals(new float[] {-0.3f, -0.4f}, a.toArray(), 1e-7f);
    assertArrayEquals(new float[] {-0.1f, -0.2f}, b.toArray(), 1e-7f);
    // Clipping happens in place.
    assertArrayEquals(new float[] {0.3f, 0.4f}, a.grad()[0], 1e-7f);
  }

  @Test
  void globalClipnormScalesAllTogether() {
    Parameter a = param("d", "a", new int[] {1, 2}, true);
    Parameter b = param("d", "b", new int[] {2}, true);
    OptimizerGoldenTest.setGrad(a, new float[] {3f, 0f});
    OptimizerGoldenTest.setGrad(b, new float[] {0f, 4f}); // global norm 5
    new SGD(1.0).globalClipnorm(1.0).apply(List.of(a, b));
    assertArrayEquals(new float[] {-0.6f, 0f}, a.toArray(), 1e-7f);
    assertArrayEquals(new float[] {0f, -0.8f}, b.toArray(), 1e-7f);
  }

  @Test
  void clipvalueClipsElements() {
    Parameter a = param("d", "a", new int[] {4}, true);
    OptimizerGoldenTest.setGrad(a, new float[] {-3f, -0.2f, 0.3f, 7f});
    new SGD(1.0).clipvalue(0.5).apply(List.of(a));
    assertArrayEquals(new float[] {0.5f, 0.2f, -0.3f, -0.5f}, a.toArray(), 1e-7f);
  }

  @Test
  void onlyOneClipArgument() {
    assertThrows(IllegalArgumentException.class, () -> new SGD().clipnorm(1).clipvalue(1));
    assertThrows(IllegalArgumentException.class, () -> new SGD().clipvalue(1).globalClipnorm(1));
    assertThrows(IllegalArgumentException.class, () -> new SGD().clipnorm(-1));
    // Replacing the same argument, or switching one off, is fine.
    Optimizer o = new SGD().clipnorm(1).clipnorm(2).clipnorm(0).clipvalue(1);
    assertEquals(1.0, o.clipvalue());
  }

  @Test
  void weightDecayIsDecoupledAndCanExclude() {
    Parameter k = param("d", "kernel", new int[] {2}, true);
    Parameter b = param("d", "bias", new int[] {2}, true);
    k.set(new float[] {1f, -2f});
    b.set(new float[] {1f, -2f});
    // Zero gradients: only the decay w -= w * wd * lr moves the weights.
    Optimizer opt = new SGD(0.1).weightDecay(0.5).excludeFromWeightDecay("bias");
    opt.apply(List.of(k, b));
    assertArrayEquals(new float[] {0.95f, -1.9f}, k.toArray(), 1e-7f);
    assertArrayEquals(new float[] {1f, -2f}, b.toArray(), 0f);
    assertThrows(IllegalStateException.class, () -> opt.excludeFromWeightDecay("kernel"));
  }

  @Test
  void scheduleIsEvaluatedAtIterationsBeforeTheStep() {
    Parameter w = param("d", "w", new int[] {1}, true);
    SGD opt = new SGD(new PiecewiseConstantDecay(new long[] {0}, new double[] {0.1, 0.01}));
    assertEquals(0.1, opt.learningRate(), 0);
    OptimizerGoldenTest.setGrad(w, new float[] {1f});
    opt.apply(List.of(w)); // step 0: lr 0.1
    assertEquals(0.01, opt.learningRate(), 0);
    opt.apply(List.of(w)); // step 1: lr 0.01
    assertEquals(-0.11f, w.toArray()[0], 1e-7f);
    assertEquals(2, opt.iterations());
    // ReduceLROnPlateau-style replacement by a constant.
    opt.setLearningRate(0.5);
    assertNull(opt.learningRateSchedule());
    assertEquals(0.5, opt.learningRate(), 0);
    opt.apply(List.of(w));
    assertEquals(-0.61f, w.toArray()[0], 1e-6f);
  }

  @Test
  void nonTrainableParametersAreSkipped() {
    Parameter w = param("d", "kernel", new int[] {2}, true);
    Parameter frozen = param("bn", "moving_mean", new int[] {2}, false);
    frozen.set(new float[] {3f, 4f});
    OptimizerGoldenTest.setGrad(w, new float[] {1f, 1f});
    Adam opt = new Adam();
    opt.weightDecay(0.1);
    opt.apply(List.of(w, frozen));
    assertArrayEquals(new float[] {3f, 4f}, frozen.toArray(), 0f);
    assertEquals(List.of("adam/momentum/d/kernel", "adam/velocity/d/kernel"), names(opt));
  }

  @Test
  void slotNamesFollowKerasOrder() {
    Parameter k = param("dense", "kernel", new int[] {3, 2}, true);
    Parameter b = param("dense", "bias", new int[] {2}, true);
    List<Parameter> ps = List.of(k, b);
    Optimizer adam = new Adam().amsgrad(true);
    assertTrue(adam.variables().isEmpty());
    adam.build(ps);
    assertEquals(List.of("adam/momentum/dense/kernel", "adam/velocity/dense/kernel",
        "adam/momentum/dense/bias", "adam/velocity/dense/bias",
        "adam/velocity_hat/dense/kernel", "adam/velocity_hat/dense/bias"), names(adam));
    NamedTensor m = adam.variables().get(0);
    assertArrayEquals(new int[] {3, 2}, m.shape());
    assertEquals(3, m.rows().length);

    Optimizer rms = new RMSprop().momentum(0.9).centered(true);
    rms.build(ps);
    assertEquals(List.of("rmsprop/velocity/dense/kernel", "rmsprop/velocity/dense/bias",
        "rmsprop/momentum/dense/kernel", "rmsprop/momentum/dense/bias",
        "rmsprop/average_gradient/dense/kernel", "rmsprop/average_gradient/dense/bias"), names(rms));

    Optimizer sgd = new SGD();
    sgd.build(ps);
    assertTrue(sgd.variables().isEmpty()); // no momentum, no slot

    Optimizer ada = new Adagrad();
    ada.build(ps);
    assertEquals(0.1f, ada.variables().get(0).rows()[2][1], 0f); // accumulator starts at 0.1
    assertEquals(List.of("adadelta/accumulated_grad/dense/kernel",
        "adadelta/accumulated_delta_var/dense/kernel", "adadelta/accumulated_grad/dense/bias",
        "adadelta/accumulated_delta_var/dense/bias"), names(built(new Adadelta(), ps)));
    assertEquals(List.of("adamax/momentum/dense/kernel", "adamax/norm/dense/kernel",
        "adamax/momentum/dense/bias", "adamax/norm/dense/bias"), names(built(new Adamax(), ps)));
  }

  private static Optimizer built(Optimizer o, List<Parameter> ps) {
    o.build(ps);
    return o;
  }

  @Test
  void restoredStateContinuesBitIdentically() {
    List<Supplier<Optimizer>> makers = List.of(
        () -> new SGD(0.01, 0.9, true), Adam::new, () -> new Adam().amsgrad(true), AdamW::new,
        () -> new RMSprop().momentum(0.5).centered(true), Adagrad::new, () -> new Adadelta(1.0),
        Adamax::new, Nadam::new);
    for (Supplier<Optimizer> make : makers) {
      Parameter a = param("d", "kernel", new int[] {3, 4}, true);
      Parameter b = param("d", "kernel", new int[] {3, 4}, true);
      Optimizer straight = make.get();
      Optimizer first = make.get();
      for (int step = 0; step < 7; step++) {
        fillGrad(a, step);
        straight.apply(List.of(a));
        if (step < 4) {
          fillGrad(b, step);
          first.apply(List.of(b));
        }
      }
      // A fresh optimizer restored from first's slots and counter continues where it stopped.
      Optimizer resumed = make.get();
      resumed.build(List.of(b));
      for (int v = 0; v < first.variables().size(); v++) {
        float[][] from = first.variables().get(v).rows();
        float[][] to = resumed.variables().get(v).rows();
        for (int r = 0; r < from.length; r++) {
          System.arraycopy(from[r], 0, to[r], 0, from[r].length);
        }
      }
      resumed.setIterations(first.iterations());
      for (int step = 4; step < 7; step++) {
        fillGrad(b, step);
        resumed.apply(List.of(b));
      }
      assertArrayEquals(a.toArray(), b.toArray(), 0f, resumed.name());
    }
  }

  private static void fillGrad(Parameter p, int step) {
    float[][] g = p.grad();
    for (int r = 0; r < g.length; r++) {
      for (int i = 0; i < g[r].length; i++) {
        g[r][i] = (float) Math.sin(1 + step * 7 + r * 3 + i);
      }
    }
  }

  @Test
  void misuseIsReported() {
    Parameter a = param("d", "a", new int[] {2}, true);
    Parameter b = param("d", "b", new int[] {2}, true);
    Optimizer opt = new SGD(0.1, 0.9, false);
    opt.apply(List.of(a));
    assertThrows(IllegalArgumentException.class, () -> opt.apply(List.of(b)));
    assertThrows(IllegalArgumentException.class, () -> opt.apply(List.of(a, b)));
    assertThrows(IllegalStateException.class, () -> ((SGD) opt).momentum(0.5));
    assertThrows(IllegalArgumentException.class, () -> new SGD().apply(List.of(a, a)));
    assertThrows(IllegalArgumentException.class, () -> new SGD(-1));
    assertThrows(IllegalArgumentException.class, () -> new SGD(0.1, 1.5, false));
    assertThrows(IllegalArgumentException.class, () -> new Adam().beta1(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> opt.setIterations(-1));
  }

  @Test
  void byNameAndFromConfig() {
    assertEquals("SGD", Optimizers.byName("sgd").name());
    assertEquals("adam", Optimizers.byName("Adam").name());
    assertEquals(0.004, Optimizers.byName("adamw").weightDecay(), 0);
    assertEquals(0.001, Optimizers.byName("Adadelta").learningRate(), 0); // not 1.0
    assertEquals("rmsprop", Optimizers.byName("RMSprop").name());
    assertThrows(IllegalArgumentException.class, () -> Optimizers.byName("lamb"));

    Map<String, Object> cfg = new HashMap<>();
    cfg.put("learning_rate", 0.05);
    cfg.put("momentum", 0.8);
    cfg.put("nesterov", true);
    cfg.put("clipnorm", null);
    SGD sgd = (SGD) Optimizers.fromConfig("SGD", cfg);
    assertEquals(0.05, sgd.learningRate(), 0);
    assertEquals(0.8, sgd.momentum(), 0);
    assertTrue(sgd.nesterov());

    assertThrows(IllegalArgumentException.class,
        () -> Optimizers.fromConfig("Adam", Map.of("beta1", 0.9))); // Keras spells it beta_1
    assertThrows(IllegalArgumentException.class,
        () -> Optimizers.fromConfig("Adam", Map.of("use_ema", true)));
    Map<String, Object> noDecay = new HashMap<>();
    noDecay.put("weight_decay", null);
    assertThrows(IllegalArgumentException.class, () -> Optimizers.fromConfig("AdamW", noDecay));
  }
}
