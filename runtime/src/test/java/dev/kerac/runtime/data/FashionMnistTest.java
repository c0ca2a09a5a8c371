package dev.kerac.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.runtime.io.Idx;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expected numbers (label counts, pixel sums, a row of image 0) were computed with NumPy from the
 * Debian package's files, independently of kerac.
 */
class FashionMnistTest {
  private static Dataset train;
  private static Dataset test;

  @BeforeAll
  static void loadEmbedded() throws IOException {
    Dataset[] d = FashionMnist.embedded();
    train = d[0];
    test = d[1];
  }

  private static long pixelSum(Dataset d) {
    long s = 0;
    for (float[] row : d.x()) {
      for (float v : row) {
        s += Math.round(v * 255);
      }
    }
    return s;
  }

  private static int[] classCounts(Dataset d) {
    int[] c = new int[FashionMnist.CLASSES];
    for (float[] y : d.y()) {
      c[(int) y[0]]++;
    }
    return c;
  }

  @Test
  void embeddedSizes() {
    assertEquals(FashionMnist.EMBEDDED_TRAIN, train.size());
    assertEquals(FashionMnist.EMBEDDED_TEST, test.size());
    assertEquals(784, train.features());
    assertEquals(784, test.features());
    assertEquals(1, train.targets());
  }

  @Test
  void embeddedLabelsAreTheFirstOfEachSet() {
    float[] first = new float[10];
    for (int i = 0; i < 10; i++) {
      first[i] = train.y()[i][0];
    }
    assertArrayEquals(new float[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, first);
    assertEquals("Ankle boot", FashionMnist.CLASS_NAMES.get((int) test.y()[0][0]));
    assertEquals(2f, test.y()[1][0]);
    assertArrayEquals(new int[] {942, 1027, 1016, 1019, 974, 989, 1021, 1022, 990, 1000},
        classCounts(train));
    assertArrayEquals(new int[] {200, 203, 214, 190, 219, 195, 197, 200, 194, 188},
        classCounts(test));
  }

  @Test
  void embeddedPixels() {
    float[] row14 = new float[28];
    System.arraycopy(train.x()[0], 14 * 28, row14, 0, 28);
    int[] expected = {0, 0, 1, 4, 6, 7, 2, 0, 0, 0, 0, 0, 237, 226, 217, 223, 222, 219, 222, 221,
        216, 223, 229, 215, 218, 255, 77, 0};
    for (int j = 0; j < 28; j++) {
      assertEquals(expected[j] / 255f, row14[j], 0f, "pixel (14, " + j + ")");
    }
    for (Dataset d : new Dataset[] {train, test}) {
      for (float[] row : d.x()) {
        for (float v : row) {
          assertTrue(v >= 0 && v <= 1);
        }
      }
    }
    assertEquals(572388787L, pixelSum(train));
    assertEquals(114763281L, pixelSum(test));
  }

  @Test
  void embeddedEqualsTheStartOfTheSystemCopy() throws IOException {
    Assumptions.assumeTrue(FashionMnist.systemDirectory().isPresent(),
        "dataset-fashion-mnist is not installed");
    Path dir = FashionMnist.systemDirectory().get();
    float[][] x = Idx.readImages(dir.resolve("train-images-idx3-ubyte.gz"), true,
        FashionMnist.EMBEDDED_TRAIN);
    assertArrayEquals(x, train.x());
    float[][] t = Idx.readImages(dir.resolve("t10k-images-idx3-ubyte.gz"), true,
        FashionMnist.EMBEDDED_TEST);
    assertArrayEquals(t, test.x());
    int[] labels = Idx.readLabels(dir.resolve("t10k-labels-idx1-ubyte.gz"));
    assertEquals(10_000, labels.length);
    for (int i = 0; i < FashionMnist.EMBEDDED_TEST; i++) {
      assertEquals(labels[i], (int) test.y()[i][0]);
    }
  }

  @Test
  void loadReadsTheFullSystemCopy() throws IOException {
    Assumptions.assumeTrue(FashionMnist.systemDirectory().isPresent(),
        "dataset-fashion-mnist is not installed");
    Dataset[] full = FashionMnist.load(FashionMnist.systemDirectory().get());
    assertEquals(60_000, full[0].size());
    assertEquals(10_000, full[1].size());
    int[] six = new int[10];
    java.util.Arrays.fill(six, 6000);
    assertArrayEquals(six, classCounts(full[0]));
    int[] thousand = new int[10];
    java.util.Arrays.fill(thousand, 1000);
    assertArrayEquals(thousand, classCounts(full[1]));
  }

  @Test
  void loadPrefersGzipButReadsRawFiles(@TempDir Path dir) throws IOException {
    // A directory with the embedded subset's files, the test labels stored uncompressed.
    for (String name : new String[] {FashionMnist.TRAIN_IMAGES, FashionMnist.TRAIN_LABELS,
        FashionMnist.TEST_IMAGES}) {
      try (var in = FashionMnist.class.getResourceAsStream("fashion-mnist/" + name + ".gz")) {
        Files.copy(in, dir.resolve(name + ".gz"));
      }
    }
    try (var in = new java.util.zip.GZIPInputStream(FashionMnist.class.getResourceAsStream(
        "fashion-mnist/" + FashionMnist.TEST_LABELS + ".gz"))) {
      Files.copy(in, dir.resolve(FashionMnist.TEST_LABELS));
    }
    Dataset[] d = FashionMnist.load(dir);
    assertEquals(10_000, d[0].size());
    assertArrayEquals(test.y(), d[1].y());

    Files.delete(dir.resolve(FashionMnist.TEST_LABELS));
    FileNotFoundException e = assertThrows(FileNotFoundException.class,
        () -> FashionMnist.load(dir));
    assertTrue(e.getMessage().contains("tried t10k-labels-idx1-ubyte.gz and t10k-labels-idx1-ubyte"),
        e.getMessage());
  }

  @Test
  void licenceShipsWithTheData() throws IOException {
    try (var in = FashionMnist.class.getResourceAsStream("fashion-mnist/LICENSE")) {
      String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(text.contains("Zalando SE"));
      assertTrue(text.contains("Permission is hereby granted"));
    }
  }
}
