package dev.kerac.processor.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.processor.testing.ModelCompiler;
import dev.kerac.runtime.losses.Losses;
import dev.kerac.runtime.model.Model;
import dev.kerac.runtime.model.Parameter;
import dev.kerac.runtime.optimizers.Adam;
import dev.kerac.runtime.testing.Allocations;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A generated model on several threads ({@code threads(int)}): the same bits as on one thread for
 * predictions, batches, gradients and training steps, and no allocation per call.
 */
class ThreadsTest {

  private static Class<?> generated;

  /** A fresh seed MLP (compiled once per run). */
  private static synchronized Model seedMlp() {
    try {
      if (generated == null) {
        generated = ModelCompiler.load(ModelCompiler.compile("seed.MnistMlp", RuntimeBehaviourTest.SEED_MLP))
            .loadClass("seed.Kerac_MnistMlp");
      }
      return (Model) generated.getConstructor(int.class, long.class).newInstance(16, 42L);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static void threads(Model m, int n) {
    m.threads(n);
    assertEquals(n, m.threads());
  }

  private static float[][] inputs() {
    float[][] x = new float[16][784];
    for (int b = 0; b < 16; b++) {
      for (int i = 0; i < 784; i++) {
        int v = (b * 31 + i * 7) % 255;
        x[b][i] = v < 90 ? 0f : v / 255f; // about a third zeros, like blank pixels
      }
    }
    return x;
  }

  /** Everything a few training steps and predictions produce, as bits. */
  private static float[][] run(int threads) {
    Model m = seedMlp();
    threads(m, threads);
    float[][] x = inputs();
    float[][] y = new float[16][10];
    for (int b = 0; b < 16; b++) {
      y[b][b % 10] = 1f;
    }
    m.compile(new Adam(1e-3), Losses.CATEGORICAL_CROSSENTROPY);
    float[][] out = new float[8][];
    int k = 0;
    for (int step = 0; step < 3; step++) {
      m.trainer().trainOnBatch(x, y, null, 16);
    }
    List<Parameter> params = m.parameters();
    out[k++] = params.get(0).toArray();
    out[k++] = params.get(2).toArray();
    out[k++] = params.get(0).grad()[100].clone();
    m.forward(x, 13, false);
    out[k++] = m.output()[12].clone();
    m.backward(y, 13);
    out[k++] = m.inputGradient()[5].clone();
    float[] one = new float[10];
    m.predict(x[3], one);
    out[k++] = one;
    // One sample alone gives the bits it gets in a batch.
    m.forward(x, 16, false);
    for (int j = 0; j < 10; j++) {
      assertEquals(Float.floatToIntBits(m.output()[3][j]), Float.floatToIntBits(one[j]), "predict vs batch " + j);
    }
    out[k++] = params.get(1).toArray();
    out[k] = params.get(4).toArray();
    return out;
  }

  @Test
  void twoAndThreeThreadsGiveTheBitsOfOne() {
    float[][] one = run(1);
    for (int threads = 2; threads <= 3; threads++) {
      float[][] many = run(threads);
      for (int i = 0; i < one.length; i++) {
        for (int j = 0; j < one[i].length; j++) {
          assertEquals(Float.floatToIntBits(one[i][j]), Float.floatToIntBits(many[i][j]),
              "result " + i + " element " + j + " on " + threads + " threads");
        }
      }
    }
  }

  @Test
  void threadCountsOutsideOneToSixtyFourAreRefused() {
    Model m = seedMlp();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.threads(0));
    assertTrue(e.getMessage().contains("0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> m.threads(65));
    assertEquals(1, m.threads(), "a refused count changes nothing");
  }

  @Test
  void twoThreadsAllocateNothingPerCall() {
    assertAllocationFreeOnTwoThreads(seedMlp(), inputs(), "seed MLP");
  }

  /** predict, forward and backward on 2 threads allocate nothing once warm. */
  private static void assertAllocationFreeOnTwoThreads(Model m, float[][] x, String what) {
    threads(m, 2);
    float[][] dy = new float[16][10];
    float[] out = new float[10];
    Runnable calls = () -> {
      m.predict(x[1], out);
      m.forward(x, 16, true);
      m.backward(dy, 16);
    };
    assertEquals(0, Allocations.leastBytes(calls, 200, 50),
        "bytes allocated by 50 " + what + " predict/forward/backward calls on 2 threads");
    threads(m, 1);
  }

  // ---- Convolutions (ConvOp): the same bits on 1, 2 and 3 threads, no allocation on 2.

  static final String SMALL_CNN = """
      package thr;
      import dev.kerac.annotations.*;
      import dev.kerac.annotations.layers.core.*;
      import dev.kerac.annotations.layers.convolution.*;
      import dev.kerac.annotations.layers.pooling.*;
      import dev.kerac.annotations.layers.reshaping.*;
      @Sequential(input = @Input(shape = {16, 16, 1}))
      abstract class SmallCnn {
        @Conv2D(filters = 16, kernelSize = 3, activation = Activations.RELU) Layer c1;
        @MaxPooling2D Layer p1;
        @Conv2D(filters = 24, kernelSize = 3, padding = Padding.SAME, activation = Activations.RELU) Layer c2;
        @Conv2D(filters = 8, kernelSize = 3, strides = 2, activation = Activations.TANH) Layer c3;
        @Flatten Layer flat;
        @Dense(units = 10, activation = Activations.SOFTMAX) Layer out;
      }
      """;

  private static Class<?> cnn;

  private static synchronized Model smallCnn() {
    try {
      if (cnn == null) {
        cnn = ModelCompiler.load(ModelCompiler.compile("thr.SmallCnn", SMALL_CNN)).loadClass("thr.Kerac_SmallCnn");
      }
      return (Model) cnn.getConstructor(int.class, long.class).newInstance(16, 7L);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static float[][] pixels() {
    float[][] x = new float[16][256];
    for (int b = 0; b < 16; b++) {
      for (int i = 0; i < 256; i++) {
        int v = (b * 37 + i * 11) % 255;
        x[b][i] = v < 90 ? 0f : v / 255f;
      }
    }
    return x;
  }

  /** Weights and gradients after training steps, a batch's outputs and input gradient, one prediction. */
  private static float[][] runCnn(int threads) {
    Model m = smallCnn();
    threads(m, threads);
    float[][] x = pixels();
    float[][] y = new float[16][10];
    for (int b = 0; b < 16; b++) {
      y[b][b % 10] = 1f;
    }
    m.compile(new Adam(1e-3), Losses.CATEGORICAL_CROSSENTROPY);
    for (int step = 0; step < 3; step++) {
      m.trainer().trainOnBatch(x, y, null, 16);
    }
    List<Parameter> params = m.parameters();
    float[][] out = new float[params.size() * 2 + 3][];
    int k = 0;
    for (Parameter p : params) {
      out[k++] = p.toArray();
      out[k++] = p.grad()[0].clone();
    }
    m.forward(x, 11, false);
    out[k++] = m.output()[10].clone();
    m.backward(y, 11);
    out[k++] = m.inputGradient()[4].clone();
    out[k] = new float[10];
    m.predict(x[2], out[k]);
    return out;
  }

  @Test
  void convolutionsGiveTheBitsOfOneThread() {
    float[][] one = runCnn(1);
    for (int threads = 2; threads <= 3; threads++) {
      float[][] many = runCnn(threads);
      for (int i = 0; i < one.length; i++) {
        for (int j = 0; j < one[i].length; j++) {
          assertEquals(Float.floatToIntBits(one[i][j]), Float.floatToIntBits(many[i][j]),
              "CNN result " + i + " element " + j + " on " + threads + " threads");
        }
      }
    }
  }

  @Test
  void convolutionsAllocateNothingOnTwoThreads() {
    assertAllocationFreeOnTwoThreads(smallCnn(), pixels(), "CNN");
  }
}
