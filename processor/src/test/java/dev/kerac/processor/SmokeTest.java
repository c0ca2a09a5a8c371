package dev.kerac.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.kerac.processor.testing.ModelCompiler;
import org.junit.jupiter.api.Test;

class SmokeTest {
  static final String SRC = """
      package test;
      import dev.kerac.annotations.*;
      import dev.kerac.annotations.layers.core.*;
      import dev.kerac.annotations.layers.regularization.*;
      @Sequential(input = @Input(shape = 4))
      abstract class Mlp {
        @Dense(units = 3, activation = Activations.RELU) Layer hidden;
        @Dropout(rate = 0.5) Layer drop;
        @Dense(units = 2) Layer out;
      }
      """;

  @Test
  void compiles() {
    Compilation c = ModelCompiler.compile("test.Mlp", SRC);
    System.out.println(ModelCompiler.generatedSource(c, "test.Mlp"));
    var m = ModelCompiler.build("test.Mlp", SRC, 4, 1);
    float[] out = new float[2];
    m.predict(new float[] {1, 2, 3, 4}, out);
    assertEquals(2, m.outputSize());
  }
}
