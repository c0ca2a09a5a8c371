package dev.kerac.processor.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerac.processor.testing.ModelCompiler;
import dev.kerac.runtime.losses.Losses;
import dev.kerac.runtime.model.Model;
import dev.kerac.runtime.model.Summary;
import dev.kerac.runtime.optimizers.SGD;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * End to end: a model compiled by the processor prints the same {@code summary()} as real Keras
 * printed for the same architecture (the reference text is in the runtime's test resources).
 */
class KerasLookTest {
  static final String SEED_MLP = """
      package look;
      import dev.kerac.annotations.*;
      import dev.kerac.annotations.layers.core.*;
      import dev.kerac.annotations.layers.regularization.*;
      import static dev.kerac.annotations.Activations.*;
      @Sequential(input = @Input(shape = 784), name = "seed_mlp")
      abstract class SeedMlp {
        @Dense(units = 512, activation = RELU) Layer dense;
        @Dropout(rate = 0.2) Layer dropout;
        @Dense(units = 512, activation = RELU) Layer dense_1;
        @Dropout(rate = 0.2) Layer dropout_1;
        @Dense(units = 10, activation = SOFTMAX) Layer dense_2;
      }
      """;

  private static String keras(String file) throws IOException {
    try (InputStream in = KerasLookTest.class.getResourceAsStream("/keras/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String summary(Model m) {
    // At Keras's default width, whatever COLUMNS says in the environment running the tests.
    return Summary.render(m.name(), m.layers(), m.trainer().optimizerParams(),
        Summary.optimizerBytes(m.trainer().optimizerParams()), Summary.SEQUENTIAL_LINE_LENGTH);
  }

  @Test
  void summaryBeforeAndAfterTrainingMatchesKeras() throws IOException {
    Model m = ModelCompiler.build("look.SeedMlp", SEED_MLP, 4, 1);
    m.compile(new SGD(0.01), Losses.CATEGORICAL_CROSSENTROPY, "accuracy");
    assertEquals(keras("seed_mlp.summary.txt"), summary(m));
    float[][] x = new float[4][784];
    float[][] y = new float[4][10];
    for (int b = 0; b < 4; b++) {
      y[b][b] = 1;
    }
    m.trainer().trainOnBatch(x, y, null, 4);
    assertEquals(keras("seed_mlp.summary_trained.txt"), summary(m));
  }
}
