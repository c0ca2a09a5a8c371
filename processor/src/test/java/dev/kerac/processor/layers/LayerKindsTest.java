package dev.kerac.processor.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every layer annotation has its kind class, found by the naming convention. */
class LayerKindsTest {

  @Test
  void everyLayerAnnotationHasAKind() throws IOException {
    Path root = Paths.get("../annotations/src/main/java/dev/kerac/annotations/layers");
    List<String> annotations;
    try (Stream<Path> files = Files.walk(root)) {
      annotations = files.filter(p -> p.toString().endsWith(".java"))
          .map(p -> LayerKinds.ANNOTATIONS + root.relativize(p).toString()
              .replace(".java", "").replace('/', '.'))
          .sorted()
          .collect(Collectors.toList());
    }
    assertFalse(annotations.isEmpty());
    for (String a : annotations) {
      LayerKind kind = LayerKinds.forAnnotation(a);
      assertNotNull(kind, a);
      assertEquals(a, kind.annotation());
    }
  }

  @Test
  void otherAnnotationsAreNotLayers() {
    assertNull(LayerKinds.forAnnotation("java.lang.Deprecated"));
    assertNull(LayerKinds.forAnnotation("dev.kerac.annotations.Sequential"));
  }
}
