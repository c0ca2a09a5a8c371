package dev.kerac.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.runtime.io.WeightsFileException.Kind;
import dev.kerac.runtime.model.Parameter;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsFileTest {
  private static final String FP = "seq:dense(3->2,relu)";

  @TempDir Path dir;

  /** A model-like set: a kernel, a bias, a scalar, a rank-3 tensor and an empty one. */
  private static List<NamedTensor> model(float seed) {
    List<NamedTensor> t = new ArrayList<>();
    t.add(tensor("hidden1/kernel", new int[] {3, 2}, seed));
    t.add(tensor("hidden1/bias", new int[] {2}, seed + 10));
    t.add(tensor("bn/scale", new int[] {}, seed + 20));
    t.add(tensor("conv/kernel", new int[] {2, 2, 3}, seed + 30));
    t.add(tensor("empty/w", new int[] {0, 4}, seed + 40));
    return t;
  }

  private static List<NamedTensor> optimizer(float seed) {
    List<NamedTensor> t = new ArrayList<>();
    t.add(tensor("optimizer/adam/m/hidden1/kernel", new int[] {3, 2}, seed + 50));
    t.add(tensor("optimizer/adam/iterations", new int[] {}, seed + 60));
    return t;
  }

  /** Values seed, seed+1, ... in row-major order, laid out as rows. */
  private static NamedTensor tensor(String name, int[] shape, float seed) {
    int cols = shape.length == 0 ? 1 : shape[shape.length - 1];
    int size = Parameter.sizeOf(shape);
    int rows = cols == 0 ? 0 : size / cols;
    float[][] r = new float[rows][cols];
    int k = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        r[i][j] = seed + k++;
      }
    }
    return new NamedTensor(name, shape, r);
  }

  private static List<NamedTensor> zerosLike(List<NamedTensor> ts) {
    List<NamedTensor> out = new ArrayList<>();
    for (NamedTensor t : ts) {
      float[][] r = new float[t.rows().length][];
      for (int i = 0; i < r.length; i++) {
        r[i] = new float[t.rows()[i].length];
      }
      out.add(new NamedTensor(t.name(), t.shape().clone(), r));
    }
    return out;
  }

  private static List<float[][]> snapshot(List<NamedTensor> ts) {
    List<float[][]> s = new ArrayList<>();
    for (NamedTensor t : ts) {
      float[][] r = new float[t.rows().length][];
      for (int i = 0; i < r.length; i++) {
        r[i] = t.rows()[i].clone();
      }
      s.add(r);
    }
    return s;
  }

  private static void assertValues(List<NamedTensor> expected, List<NamedTensor> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).name(), actual.get(i).name());
      assertArrayEquals(expected.get(i).shape(), actual.get(i).shape());
      assertArrayEquals(expected.get(i).rows(), actual.get(i).rows(), expected.get(i).name());
    }
  }

  private static void assertUnchanged(List<float[][]> before, List<NamedTensor> after) {
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(before.get(i), after.get(i).rows(), "target " + after.get(i).name());
    }
  }

  private Path saved(List<NamedTensor> tensors) throws IOException {
    Path f = dir.resolve("w.kcw");
    WeightsFile.save(f, FP, Map.of("optimizer", "adam"), tensors);
    return f;
  }

  /** Loads into targets that hold a sentinel value; asserts the failure kind and unchanged targets. */
  private WeightsFileException failLoad(Path f, String fp, List<NamedTensor> targets, Kind kind) {
    List<float[][]> before = snapshot(targets);
    WeightsFileException e =
        assertThrows(WeightsFileException.class, () -> WeightsFile.load(f, fp, targets));
    assertEquals(kind, e.kind(), e.getMessage());
    assertUnchanged(before, targets);
    return e;
  }

  /** Rewrites the trailing CRC-32 so that a deliberately edited file passes the checksum. */
  private static byte[] fixCrc(byte[] b) {
    CRC32 crc = new CRC32();
    crc.update(b, 0, b.length - 4);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 4, (int) crc.getValue());
    return b;
  }

  // ---- round trip ---------------------------------------------------------------------------

  @Test
  void roundTripRestoresValuesAndMetadata() throws IOException {
    List<NamedTensor> src = model(1);
    Path f = dir.resolve("w.kcw");
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("optimizer", "adam");
    meta.put("iterations", "1200");
    meta.put("note", "ünïcödé ✓");
    WeightsFile.save(f, FP, meta, src);

    List<NamedTensor> dst = model(-100);
    Map<String, String> got = WeightsFile.load(f, FP, dst);
    assertValues(src, dst);
    assertEquals(List.copyOf(meta.entrySet()), List.copyOf(got.entrySet()));
  }

  @Test
  void specialFloatBitsSurvive() throws IOException {
    float[] specials = {
      Float.NaN, Float.intBitsToFloat(0x7fc00001), -0.0f, Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE, -1.5e-39f
    };
    List<NamedTensor> src = List.of(new NamedTensor("x/w", new int[] {2, 4},
        new float[][] {java.util.Arrays.copyOf(specials, 4),
            java.util.Arrays.copyOfRange(specials, 4, 8)}));
    Path f = saved(src);
    List<NamedTensor> dst = zerosLike(src);
    WeightsFile.load(f, FP, dst);
    for (int i = 0; i < 8; i++) {
      assertEquals(Float.floatToRawIntBits(specials[i]),
          Float.floatToRawIntBits(dst.get(0).rows()[i / 4][i % 4]), "element " + i);
    }
  }

  @Test
  void largeTensorCrossesBufferBoundaries() throws IOException {
    // 300 x 301 floats = 361 kB, several 64 kB buffers, row length not a multiple of anything.
    NamedTensor big = tensor("big/kernel", new int[] {300, 301}, 0.5f);
    List<NamedTensor> src = List.of(tensor("a/b", new int[] {7}, 3), big);
    Path f = saved(src);
    List<NamedTensor> dst = zerosLike(src);
    WeightsFile.load(f, FP, dst);
    assertValues(src, dst);
  }

  @Test
  void bytesFollowTheDocumentedLayout() throws IOException {
    Path f = dir.resolve("tiny.kcw");
    WeightsFile.save(f, "fp", Map.of("k", "v"),
        List.of(new NamedTensor("d/w", new int[] {1, 2}, new float[][] {{1.0f, -2.0f}})));

    // Assembled by hand from the spec in the class Javadoc.
    ByteBuffer e = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
    e.put(new byte[] {(byte) 0x89, 'K', 'E', 'R', 'A', 'C', '\r', '\n'});
    e.putInt(1);
    long lengthAt = e.position();
    e.putLong(0);
    e.putInt(2).put("fp".getBytes(StandardCharsets.UTF_8));
    e.putInt(1).putInt(1).put((byte) 'k').putInt(1).put((byte) 'v');
    e.putInt(1).putInt(3).put("d/w".getBytes(StandardCharsets.UTF_8));
    e.putInt(2).putInt(1).putInt(2);
    e.putInt(0x3f800000).putInt(0xc0000000); // 1.0f, -2.0f
    int len = e.position() + 4;
    e.putLong((int) lengthAt, len);
    byte[] expected = new byte[len];
    e.flip();
    e.get(expected, 0, len - 4);
    fixCrc(expected);

    assertArrayEquals(expected, Files.readAllBytes(f));
  }

  @Test
  void readReturnsEverything() throws IOException {
    List<NamedTensor> src = new ArrayList<>(model(2));
    src.addAll(optimizer(2));
    Path f = saved(src);
    WeightsFile.Contents c = WeightsFile.read(f);
    assertEquals(FP, c.fingerprint());
    assertEquals(Map.of("optimizer", "adam"), c.metadata());
    assertValues(src, c.tensors());
  }

  @Test
  void tensorsOfParametersShareTheirArrays() throws IOException {
    Parameter k = new Parameter("dense", "kernel", new int[] {2, 3}, true, null);
    Parameter b = new Parameter("dense", "bias", new int[] {3}, true, null);
    k.set(new float[] {1, 2, 3, 4, 5, 6});
    b.set(new float[] {7, 8, 9});
    Path f = saved(WeightsFile.tensors(List.of(k, b)));

    Parameter k2 = new Parameter("dense", "kernel", new int[] {2, 3}, true, null);
    Parameter b2 = new Parameter("dense", "bias", new int[] {3}, true, null);
    WeightsFile.load(f, FP, WeightsFile.tensors(List.of(k2, b2)));
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, k2.toArray());
    assertArrayEquals(new float[] {7, 8, 9}, b2.toArray());
    assertEquals("dense/kernel", WeightsFile.tensors(List.of(k2)).get(0).name());
  }

  // ---- damaged files --------------------------------------------------------------------------

  @Test
  void everyTruncationIsReportedAsTruncated() throws IOException {
    // Covers every length class: inside the magic, the version, the length field, the fingerprint,
    // the metadata, a tensor's header, a tensor's data, and a missing (or partial) checksum.
    byte[] whole = Files.readAllBytes(saved(model(1)));
    Path cut = dir.resolve("cut.kcw");
    List<NamedTensor> targets = model(-7);
    for (int n = 0; n < whole.length; n++) {
      Files.write(cut, java.util.Arrays.copyOf(whole, n));
      WeightsFileException e = failLoad(cut, FP, targets, Kind.TRUNCATED);
      assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
    // and the message states both sizes
    Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 2));
    String m = failLoad(cut, FP, targets, Kind.TRUNCATED).getMessage();
    assertTrue(m.contains("declares " + whole.length + " bytes but the file has "
        + (whole.length - 2)), m);
  }

  @Test
  void everyFlippedByteIsDetected() throws IOException {
    byte[] whole = Files.readAllBytes(saved(model(1)));
    Path bad = dir.resolve("bad.kcw");
    List<NamedTensor> targets = model(-7);
    for (int i = 0; i < whole.length; i++) {
      byte[] b = whole.clone();
      b[i] ^= 0x10;
      Files.write(bad, b);
      Kind expected;
      if (i < 8) {
        expected = Kind.BAD_MAGIC;
      } else if (i < 12) {
        expected = Kind.UNSUPPORTED_VERSION;
      } else if (i < 20) {
        // the declared length: bigger than the file reads as truncation, smaller as trailing bytes
        long declared = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(12);
        expected = declared > whole.length ? Kind.TRUNCATED : Kind.CORRUPT;
      } else {
        expected = Kind.CHECKSUM;
      }
      failLoad(bad, FP, targets, expected);
    }
  }

  @Test
  void checksumMessageShowsBothValues() throws IOException {
    byte[] b = Files.readAllBytes(saved(model(1)));
    b[b.length - 10] ^= 1; // inside the last tensor's data
    Path bad = dir.resolve("bad.kcw");
    Files.write(bad, b);
    String m = failLoad(bad, FP, model(0), Kind.CHECKSUM).getMessage();
    CRC32 crc = new CRC32();
    crc.update(b, 0, b.length - 4);
    int stored = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(b.length - 4);
    assertTrue(m.contains(String.format("stored CRC-32 %08x", stored)), m);
    assertTrue(m.contains(String.format("computed %08x", (int) crc.getValue())), m);
  }

  @Test
  void wrongMagicSaysWhatWasFound() throws IOException {
    Path zip = dir.resolve("model.zip");
    Files.write(zip, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    String m = failLoad(zip, FP, model(0), Kind.BAD_MAGIC).getMessage();
    assertTrue(m.contains("starts with 50 4B 03 04 00 00 00 00"), m);
    assertTrue(m.contains("expected 89 4B 45 52 41 43 0D 0A"), m);
  }

  @Test
  void newerVersionIsRejected() throws IOException {
    byte[] b = Files.readAllBytes(saved(model(1)));
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 2);
    Path f = dir.resolve("v2.kcw");
    Files.write(f, fixCrc(b));
    String m = failLoad(f, FP, model(0), Kind.UNSUPPORTED_VERSION).getMessage();
    assertTrue(m.contains("version 2 is not supported; this kerac reads version 1"), m);
    assertTrue(m.contains("newer kerac"), m);
  }

  @Test
  void trailingBytesAreCorrupt() throws IOException {
    byte[] b = Files.readAllBytes(saved(model(1)));
    Path f = dir.resolve("long.kcw");
    Files.write(f, java.util.Arrays.copyOf(b, b.length + 3));
    String m = failLoad(f, FP, model(0), Kind.CORRUPT).getMessage();
    assertTrue(m.contains("3 unexpected bytes after the declared end"), m);
  }

  @Test
  void structuralErrorsBehindAValidChecksumAreCorrupt() throws IOException {
    // Two tensors named alike: only a faulty writer produces this, so build it by renaming.
    List<NamedTensor> src = List.of(tensor("a/x", new int[] {2}, 1), tensor("a/y", new int[] {2}, 5));
    byte[] b = Files.readAllBytes(saved(src));
    String s = new String(b, StandardCharsets.ISO_8859_1);
    int at = s.indexOf("a/y");
    b[at + 2] = 'x';
    Path f = dir.resolve("dup.kcw");
    Files.write(f, fixCrc(b));
    String m = failLoad(f, FP, List.of(tensor("a/x", new int[] {2}, 0)), Kind.CORRUPT)
        .getMessage();
    assertTrue(m.contains("'a/x' appears twice"), m);

    // A dimension that claims more data than the file has.
    b = Files.readAllBytes(saved(src));
    int dimAt = s.indexOf("a/y") + 3 + 4; // after the name and the rank
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(dimAt, 1000);
    Files.write(f, fixCrc(b));
    m = failLoad(f, FP, src, Kind.CORRUPT).getMessage();
    assertTrue(m.contains("the data of tensor 'a/y' needs 4000 bytes"), m);
  }

  @Test
  void randomDamageBehindAValidChecksumNeverEscapesAsAnotherException() throws IOException {
    // A faulty writer could produce anything; the reader must answer with a WeightsFileException
    // (or load), never an unchecked exception or an absurd allocation.
    byte[] whole = Files.readAllBytes(saved(model(1)));
    Path bad = dir.resolve("fuzz.kcw");
    dev.kerac.runtime.init.Rng rng = new dev.kerac.runtime.init.Rng(7);
    int rejected = 0;
    for (int trial = 0; trial < 300; trial++) {
      byte[] b = whole.clone();
      int flips = 1 + rng.nextInt(3);
      for (int k = 0; k < flips; k++) {
        b[20 + rng.nextInt(b.length - 24)] = (byte) rng.nextLong();
      }
      Files.write(bad, fixCrc(b));
      List<NamedTensor> targets = model(-3);
      List<float[][]> before = snapshot(targets);
      try {
        WeightsFile.load(bad, FP, targets);
      } catch (WeightsFileException e) {
        rejected++;
        assertUnchanged(before, targets);
      }
    }
    assertTrue(rejected > 150, "structural damage must be rejected, was " + rejected);
  }

  @Test
  void emptyFileIsTruncated() throws IOException {
    Path f = dir.resolve("empty.kcw");
    Files.write(f, new byte[0]);
    failLoad(f, FP, model(0), Kind.TRUNCATED);
  }

  // ---- files that do not fit the model --------------------------------------------------------

  @Test
  void fingerprintMismatchShowsBoth() throws IOException {
    Path f = saved(model(1));
    String m = failLoad(f, "seq:dense(3->4,relu)", model(0), Kind.FINGERPRINT).getMessage();
    assertTrue(m.contains("'" + FP + "'"), m);
    assertTrue(m.contains("'seq:dense(3->4,relu)'"), m);
  }

  @Test
  void shapeMismatchNamesTensorAndBothShapes() throws IOException {
    Path f = saved(model(1));
    List<NamedTensor> targets = model(0);
    targets.set(0, tensor("hidden1/kernel", new int[] {2, 3}, 0));
    String m = failLoad(f, FP, targets, Kind.SHAPE).getMessage();
    assertTrue(m.contains("'hidden1/kernel': file [3, 2], model [2, 3]"), m);
  }

  @Test
  void missingTensorIsNamed() throws IOException {
    List<NamedTensor> src = model(1);
    src.remove(1);
    Path f = saved(src);
    String m = failLoad(f, FP, model(0), Kind.MISSING_TENSOR).getMessage();
    assertTrue(m.contains("[hidden1/bias]"), m);
  }

  @Test
  void unexpectedTensorIsNamed() throws IOException {
    Path f = saved(model(1));
    List<NamedTensor> targets = model(0);
    targets.remove(3);
    String m = failLoad(f, FP, targets, Kind.UNEXPECTED_TENSOR).getMessage();
    assertTrue(m.contains("[conv/kernel]"), m);
  }

  @Test
  void optimizerStateIsSkippedWhenNotRequested() throws IOException {
    List<NamedTensor> src = new ArrayList<>(model(1));
    src.addAll(optimizer(1));
    Path f = saved(src);

    List<NamedTensor> weightsOnly = model(0);
    WeightsFile.load(f, FP, weightsOnly);
    assertValues(model(1), weightsOnly);

    List<NamedTensor> all = new ArrayList<>(model(0));
    all.addAll(optimizer(0));
    WeightsFile.load(f, FP, all);
    assertValues(src, all);
  }

  @Test
  void requestedOptimizerGroupMustMatchExactly() throws IOException {
    List<NamedTensor> src = new ArrayList<>(model(1));
    src.addAll(optimizer(1));
    Path f = saved(src);

    // Asking for part of the group: the rest of the group is unexpected.
    List<NamedTensor> part = new ArrayList<>(model(0));
    part.add(optimizer(0).get(0));
    String m = failLoad(f, FP, part, Kind.UNEXPECTED_TENSOR).getMessage();
    assertTrue(m.contains("[optimizer/adam/iterations]"), m);

    // A file without optimizer state cannot fill optimizer targets.
    Path weights = dir.resolve("weights.kcw");
    WeightsFile.save(weights, FP, Map.of(), model(1));
    List<NamedTensor> all = new ArrayList<>(model(0));
    all.addAll(optimizer(0));
    m = failLoad(weights, FP, all, Kind.MISSING_TENSOR).getMessage();
    assertTrue(m.contains("the file holds no optimizer state"), m);
  }

  @Test
  void invalidArgumentsAreIllegalArguments() throws IOException {
    Path f = dir.resolve("x.kcw");
    List<NamedTensor> badRows =
        List.of(new NamedTensor("a/w", new int[] {2, 3}, new float[][] {{1, 2, 3}}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WeightsFile.save(f, FP, Map.of(), badRows));
    assertTrue(e.getMessage().contains("needs 2 rows of 3, got 1 rows"), e.getMessage());
    List<NamedTensor> dup = List.of(tensor("a/w", new int[] {1}, 0), tensor("a/w", new int[] {1}, 0));
    e = assertThrows(IllegalArgumentException.class, () -> WeightsFile.save(f, FP, Map.of(), dup));
    assertTrue(e.getMessage().contains("'a/w' twice"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> WeightsFile.save(f, null, Map.of(), dup));
    assertFalse(Files.exists(f));

    Path good = saved(model(1));
    List<NamedTensor> shortRow =
        List.of(new NamedTensor("hidden1/bias", new int[] {2}, new float[][] {{1}}));
    e = assertThrows(IllegalArgumentException.class, () -> WeightsFile.load(good, FP, shortRow));
    assertTrue(e.getMessage().contains("row 0 must have 2 values, got 1"), e.getMessage());
  }

  // ---- atomic saving --------------------------------------------------------------------------

  private List<Path> listDir() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  @Test
  void saveLeavesNoTemporaryFiles() throws IOException {
    Path f = saved(model(1));
    WeightsFile.save(f, FP, Map.of(), model(2)); // overwrite
    assertEquals(List.of(f), listDir());
    List<NamedTensor> dst = model(0);
    WeightsFile.load(f, FP, dst);
    assertValues(model(2), dst);
  }

  @Test
  void failedWriteKeepsTheExistingFile() throws IOException {
    Path f = saved(model(1));
    byte[] before = Files.readAllBytes(f);
    // The disk "fills up" after 100 bytes of the new file.
    IOException e = assertThrows(IOException.class, () -> WeightsFile.save(f, FP, Map.of(),
        model(2), out -> new FilterOutputStream(out) {
          int n;

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (n + len > 100) {
              throw new IOException("No space left on device");
            }
            n += len;
            out.write(b, off, len);
          }
        }));
    assertEquals("No space left on device", e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(f));
    assertEquals(List.of(f), listDir());
  }

  @Test
  void failedMoveKeepsTheTargetAndCleansUp() throws IOException {
    // The target is a non-empty directory: the final move must fail.
    Path target = dir.resolve("taken");
    Files.createDirectory(target);
    Files.write(target.resolve("keep.txt"), new byte[] {42});
    assertThrows(IOException.class, () -> WeightsFile.save(target, FP, Map.of(), model(1)));
    assertEquals(List.of(target), listDir());
    assertArrayEquals(new byte[] {42}, Files.readAllBytes(target.resolve("keep.txt")));
  }

  @Test
  void missingDirectoryFailsWithoutSideEffects() {
    Path f = dir.resolve("no/such/dir/w.kcw");
    assertThrows(IOException.class, () -> WeightsFile.save(f, FP, Map.of(), model(1)));
    assertFalse(Files.exists(dir.resolve("no")));
  }

  @Test
  void unwritableDirectoryFailsWithoutSideEffects() throws IOException {
    Path ro = dir.resolve("ro");
    Files.createDirectory(ro);
    Path f = ro.resolve("w.kcw");
    WeightsFile.save(f, FP, Map.of(), model(1));
    byte[] before = Files.readAllBytes(f);
    assertTrue(ro.toFile().setWritable(false, false));
    try {
      // root ignores directory permissions; the test is meaningful only for other users
      org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(ro), "running as root");
      assertThrows(IOException.class, () -> WeightsFile.save(f, FP, Map.of(), model(2)));
      assertArrayEquals(before, Files.readAllBytes(f));
    } finally {
      ro.toFile().setWritable(true, false);
    }
  }

  @Test
  void metadataOnlyFileFollowsTheLayout() throws IOException {
    // No tensors, an empty fingerprint, two metadata entries: parsed here by hand.
    Path f = dir.resolve("m.kcw");
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("a", "1");
    meta.put("bb", "22");
    WeightsFile.save(f, "", meta, List.of());
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    b.position(20);
    assertEquals(0, b.getInt()); // empty fingerprint
    assertEquals(2, b.getInt());
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    while (b.remaining() > 4) {
      rest.write(b.get());
    }
    ByteBuffer r = ByteBuffer.wrap(rest.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(1, r.getInt());
    assertEquals('a', r.get());
    assertEquals(1, r.getInt());
    assertEquals('1', r.get());
    assertEquals(2, r.getInt());
    r.get(new byte[2]);
    assertEquals(2, r.getInt());
    r.get(new byte[2]);
    assertEquals(0, r.getInt()); // no tensors
    assertFalse(r.hasRemaining());
    assertEquals(meta, WeightsFile.read(f).metadata());
  }
}
