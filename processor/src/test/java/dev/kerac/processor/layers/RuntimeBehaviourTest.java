package dev.kerac.processor.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.processor.testing.ModelCompiler;
import dev.kerac.runtime.model.Model;
import dev.kerac.runtime.model.Parameter;
import dev.kerac.runtime.testing.Allocations;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the generated class promises at run time: no allocation after warm-up, clear errors on bad
 * arguments that leave the model unchanged, training vs inference mode, reproducible seeds.
 */
class RuntimeBehaviourTest {
  static final String SEED_MLP = """
      package seed;
      import dev.kerac.annotations.*;
      import dev.kerac.annotations.layers.core.*;
      import dev.kerac.annotations.layers.regularization.*;
      import static dev.kerac.annotations.Activations.*;
      @Sequential(input = @Input(shape = 784))
      abstract class MnistMlp {
        @Dense(units = 512, activation = RELU) Layer hidden1;
        @Dropout(rate = 0.2) Layer drop1;
        @Dense(units = 512, activation = RELU) Layer hidden2;
        @Dropout(rate = 0.2) Layer drop2;
        @Dense(units = 10, activation = SOFTMAX) Layer output;
      }
      """;

  static Model model;
  static float[][] x;
  static float[][] dy;

  @BeforeAll
  static void build() {
    model = ModelCompiler.build("seed.MnistMlp", SEED_MLP, 16, 42);
    x = new float[16][784];
    dy = new float[16][10];
    for (int b = 0; b < 16; b++) {
      for (int i = 0; i < 784; i++) {
        x[b][i] = ((b * 31 + i * 7) % 255) / 255f;
      }
      dy[b][b % 10] = 1f;
    }
  }

  @Test
  void predictForwardAndBackwardAllocateNothing() {
    float[] in = x[3].clone();
    float[] out = new float[10];
    assertEquals(0, Allocations.leastBytes(() -> model.predict(in, out), 200), "predict");
    assertEquals(0, Allocations.leastBytes(() -> model.forward(x, 16, true), 50), "forward (training)");
    assertEquals(0, Allocations.leastBytes(() -> model.forward(x, 16, false), 50), "forward (inference)");
    model.forward(x, 16, true);
    assertEquals(0, Allocations.leastBytes(() -> model.backward(dy, 16), 50), "backward");
    assertEquals(0, Allocations.leastBytes(() -> model.backwardFromLogits(dy, 16), 50), "backwardFromLogits");
  }

  @Test
  void generatedClassExtendsTheUserClassAndSetsLayerFields() throws Exception {
    Class<?> user = model.getClass().getSuperclass();
    assertEquals("seed.MnistMlp", user.getName());
    var field = user.getDeclaredField("hidden1");
    field.setAccessible(true);
    dev.kerac.annotations.Layer hidden1 = (dev.kerac.annotations.Layer) field.get(model);
    assertEquals("hidden1", hidden1.name());
    assertEquals("Dense", hidden1.type());
    assertArrayEquals(new int[] {512}, hidden1.outputShape());
  }

  @Test
  void describesItself() {
    assertArrayEquals(new int[] {784}, model.inputShape());
    assertArrayEquals(new int[] {10}, model.outputShape());
    assertEquals("softmax", model.outputActivation());
    assertEquals(5, model.layers().size());
    long params = 0;
    for (Parameter p : model.parameters()) {
      params += p.size();
    }
    assertEquals(784 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10, params);
    assertEquals("[hidden1/kernel[784, 512], hidden1/bias[512], hidden2/kernel[512, 512], hidden2/bias[512], "
        + "output/kernel[512, 10], output/bias[10]]", model.parameters().toString());
  }

  @Test
  void badArgumentsNameTheProblemAndChangeNothing() {
    model.forward(x, 4, false);
    float[][] before = snapshot(model.output());
    float[] out = new float[10];
    float[] outBefore = out.clone();

    assertMessage(() -> model.predict(new float[783], out), "in has 783 values, expected 784");
    assertMessage(() -> model.predict(null, out), "in is null; expected 784 values");
    assertMessage(() -> model.predict(x[0], new float[9]), "out has 9 values, expected 10");
    assertMessage(() -> model.forward(x, 17, false), "batch must be in [1, 16]");
    assertMessage(() -> model.forward(x, 0, false), "batch must be in [1, 16]");
    assertMessage(() -> model.forward(null, 2, false), "x is null");
    float[][] shortRow = {x[0], new float[5]};
    assertMessage(() -> model.forward(shortRow, 2, false), "x[1] has 5 values, expected 784");
    float[][] nullRow = {x[0], null};
    assertMessage(() -> model.forward(nullRow, 2, false), "x[1] is null");
    assertMessage(() -> model.backward(new float[2][3], 2), "dy[0] has 3 values, expected 10");

    assertArrayEquals(outBefore, out);
    float[][] after = snapshot(model.output());
    for (int b = 0; b < 4; b++) {
      assertArrayEquals(before[b], after[b], "output row " + b + " changed by a rejected call");
    }
  }

  private static void assertMessage(Runnable call, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static float[][] snapshot(float[][] rows) {
    float[][] s = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      s[i] = rows[i].clone();
    }
    return s;
  }

  @Test
  void dropoutDropsOnlyInTraining() {
    Model m = ModelCompiler.build("seed.MnistMlp", SEED_MLP, 16, 42);
    m.forward(x, 2, false);
    float[][] inference1 = snapshot(m.output());
    m.forward(x, 2, false);
    assertArrayEquals(inference1[0], m.output()[0], "inference is deterministic");
    float[] single = new float[10];
    m.predict(x[0], single);
    assertArrayEquals(inference1[0], single, 1e-6f, "predict == batched inference");
    m.forward(x, 2, true);
    assertNotEquals(Arrays.toString(inference1[0]), Arrays.toString(m.output()[0]), "training drops");
  }

  @Test
  void sameSeedSameWeightsDifferentSeedDifferentWeights() {
    Model a = ModelCompiler.build("seed.MnistMlp", SEED_MLP, 2, 5);
    Model b = ModelCompiler.build("seed.MnistMlp", SEED_MLP, 2, 5);
    Model c = ModelCompiler.build("seed.MnistMlp", SEED_MLP, 2, 6);
    assertArrayEquals(a.parameters().get(0).toArray(), b.parameters().get(0).toArray());
    assertNotEquals(Arrays.toString(a.parameters().get(0).toArray()),
        Arrays.toString(c.parameters().get(0).toArray()));
  }

  @Test
  void ensureCapacityGrowsTheBatch() {
    Model m = ModelCompiler.build("seed.MnistMlp", SEED_MLP, 2, 5);
    assertThrows(IllegalArgumentException.class, () -> m.forward(x, 16, false));
    m.ensureCapacity(16);
    m.forward(x, 16, false);
    assertEquals(16, m.capacity());
  }
}
