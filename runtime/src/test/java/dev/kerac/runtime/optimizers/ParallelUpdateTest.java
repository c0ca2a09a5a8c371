package dev.kerac.runtime.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.runtime.kernels.Workers;
import dev.kerac.runtime.model.Parameter;
import dev.kerac.runtime.testing.Allocations;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The optimizer step split over several threads updates every element exactly once, with the same
 * arithmetic: the weights and slots are bit for bit those of one thread, for every optimizer.
 */
class ParallelUpdateTest {
  private static final String[] OPTIMIZERS = {"sgd", "adam", "adamw", "adamax", "nadam", "rmsprop", "adagrad",
      "adadelta"};

  /** Parameters of uneven sizes, one of them not trainable, with seeded values and gradients. */
  private static List<Parameter> params(long seed) {
    List<Parameter> ps = new ArrayList<>();
    ps.add(new Parameter("a", "kernel", new int[] {37, 13}, true, null));
    ps.add(new Parameter("a", "bias", new int[] {13}, true, null));
    ps.add(new Parameter("bn", "moving_mean", new int[] {13}, false, null));
    ps.add(new Parameter("b", "kernel", new int[] {5, 3, 2, 7}, true, null));
    ps.add(new Parameter("b", "bias", new int[] {1}, true, null));
    Random r = new Random(seed);
    for (Parameter p : ps) {
      fill(p.value(), r);
    }
    return ps;
  }

  private static void fill(float[][] rows, Random r) {
    for (float[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        row[i] = (float) r.nextGaussian();
      }
    }
  }

  private static float[] flat(List<Parameter> ps) {
    List<Float> all = new ArrayList<>();
    for (Parameter p : ps) {
      for (float[] row : p.value()) {
        for (float v : row) {
          all.add(v);
        }
      }
    }
    float[] out = new float[all.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = all.get(i);
    }
    return out;
  }

  /** Five steps with seeded gradients on {@code threads} threads; the weights after them. */
  private static float[] train(String name, int threads) {
    List<Parameter> ps = params(1);
    Optimizer opt = Optimizers.byName(name);
    Random grads = new Random(2);
    try (Workers w = Workers.create(threads)) {
      for (int step = 0; step < 5; step++) {
        for (Parameter p : ps) {
          if (p.grad() != null) {
            fill(p.grad(), grads);
          }
        }
        opt.apply(ps, w);
      }
    }
    return flat(ps);
  }

  @TestFactory
  List<DynamicTest> twoAndThreeThreadsGiveTheBitsOfOne() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : OPTIMIZERS) {
      tests.add(DynamicTest.dynamicTest(name, () -> {
        float[] one = train(name, 1);
        assertArrayEquals(one, train(name, 2), name + " on 2 threads");
        assertArrayEquals(one, train(name, 3), name + " on 3 threads");
        // And the step changed something: the comparison is not between untouched weights.
        float[] before = flat(params(1));
        int changed = 0;
        for (int i = 0; i < one.length; i++) {
          changed += one[i] != before[i] ? 1 : 0;
        }
        // (Adadelta's default steps are below float resolution for a few weights: most, not all, move.)
        assertTrue(changed > (before.length - 13) * 9 / 10, name + ": trainable weights move, " + changed);
        assertArrayEquals(java.util.Arrays.copyOfRange(before, 37 * 13 + 13, 37 * 13 + 26),
            java.util.Arrays.copyOfRange(one, 37 * 13 + 13, 37 * 13 + 26), name + ": the moving mean stays");
      }));
    }
    return tests;
  }

  @Test
  void aSplitStepAllocatesNothing() {
    List<Parameter> ps = params(3);
    Optimizer opt = new Adam(1e-3);
    try (Workers w = Workers.create(2)) {
      assertEquals(0, Allocations.leastBytes(() -> opt.apply(ps, w), 2000, 200),
          "bytes allocated by 200 steps on 2 threads");
    }
  }
}
