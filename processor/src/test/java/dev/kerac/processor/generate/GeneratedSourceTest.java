package dev.kerac.processor.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.kerac.processor.testing.ModelCompiler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * The generated source of one small model, checked in as a golden file: it catches "correct but
 * weird" output. Regenerate after an intended change with
 * {@code mvn -pl processor test -Dtest=GeneratedSourceTest -Dkerac.regenerate=true} and review the diff.
 */
class GeneratedSourceTest {
  static final String SOURCE = """
      package example;

      import dev.kerac.annotations.*;
      import dev.kerac.annotations.layers.core.*;
      import dev.kerac.annotations.layers.regularization.*;

      @Sequential(input = @Input(shape = 8))
      abstract class Tiny {
        @Dense(units = 16, activation = Activations.RELU) Layer hidden;
        @Dropout(rate = 0.25) Layer drop;
        @Dense(units = 3, activation = Activations.SOFTMAX) Layer probs;
      }
      """;

  private static final Path GOLDEN = Paths.get("src/test/resources/generated/Kerac_Tiny.java");

  private static String generate() {
    Compilation c = ModelCompiler.compile("example.Tiny", SOURCE);
    return ModelCompiler.generatedSource(c, "example.Tiny");
  }

  @Test
  void matchesTheCheckedInSource() throws IOException {
    String actual = generate();
    if (Boolean.getBoolean("kerac.regenerate")) {
      Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), actual,
        "generated source changed; if intended, regenerate with -Dkerac.regenerate=true and review");
  }

  @Test
  void isDeterministic() {
    assertEquals(generate(), generate());
  }

  @Test
  void hasAReadableCommentPerLayer() {
    String s = generate();
    assertTrue(s.contains("// Dense hidden: (8) -> (16), relu"), s);
    assertTrue(s.contains("// Dropout drop: (16) -> (16), rate 0.25"), s);
    assertTrue(s.contains("// Dense probs: (16) -> (3), softmax"), s);
    assertTrue(s.contains("@Generated(\"dev.kerac.processor.KeracProcessor\")"), s);
  }
}
