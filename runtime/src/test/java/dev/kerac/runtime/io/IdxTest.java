package dev.kerac.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.runtime.data.Dataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir Path dir;

  /** Three 2x3 images with pixel (i, j) = 40*i + j, plus the edge values 0 and 255. */
  private static final int[][] PIXELS = {
    {0, 1, 2, 3, 4, 255}, {40, 41, 42, 43, 44, 45}, {80, 81, 82, 83, 84, 128}
  };
  private static final int[] LABELS = {9, 0, 3};

  /** Builds IDX bytes by the spec: 0, 0, type, rank, big-endian dims, data. */
  private static byte[] idx(int type, int[] dims, int[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length); // big-endian by default
    b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    for (int v : data) {
      b.put((byte) v);
    }
    return b.array();
  }

  private static byte[] images(int count) {
    int[] data = new int[count * 6];
    for (int i = 0; i < count; i++) {
      System.arraycopy(PIXELS[i % 3], 0, data, 6 * i, 6);
    }
    return idx(0x08, new int[] {count, 2, 3}, data);
  }

  private static byte[] labels(int count) {
    int[] data = new int[count];
    for (int i = 0; i < count; i++) {
      data[i] = LABELS[i % 3];
    }
    return idx(0x08, new int[] {count}, data);
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  @Test
  void readsRawAndGzipAlike() throws IOException {
    for (boolean gz : new boolean[] {false, true}) {
      byte[] raw = images(3);
      // The name says nothing: compression is detected from the first bytes.
      Path p = write("imgs" + gz, gz ? gzip(raw) : raw);
      float[][] x = Idx.readImages(p, false);
      assertEquals(3, x.length);
      for (int i = 0; i < 3; i++) {
        float[] expected = new float[6];
        for (int j = 0; j < 6; j++) {
          expected[j] = PIXELS[i][j];
        }
        assertArrayEquals(expected, x[i]);
      }
      Path l = write("labels" + gz, gz ? gzip(labels(3)) : labels(3));
      assertArrayEquals(LABELS, Idx.readLabels(l));
    }
  }

  @Test
  void scalingDividesBy255() throws IOException {
    float[][] x = Idx.readImages(write("i", images(3)), true);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 6; j++) {
        // the float nearest to p / 255, as numpy's float32 division gives
        assertEquals((float) (PIXELS[i][j] / 255.0), x[i][j], 0f);
      }
    }
    assertEquals(1f, x[0][5], 0f);
    assertEquals(0f, x[0][0], 0f);
  }

  @Test
  void limitReadsOnlyTheFirstItems() throws IOException {
    Path p = write("i.gz", gzip(images(30)));
    float[][] x = Idx.readImages(p, false, 4);
    assertEquals(4, x.length);
    assertEquals(40f, x[1][0]);
    assertEquals(80f, x[2][0]);
    assertArrayEquals(new int[] {9, 0}, Idx.readLabels(write("l", labels(30)), 2));
    assertEquals(30, Idx.readImages(p, false, 1000).length);
  }

  @Test
  void readDatasetPairsImagesWithLabels() throws IOException {
    Dataset d = Idx.readDataset(write("i", images(3)), write("l", gzip(labels(3))), false,
        Integer.MAX_VALUE);
    assertEquals(3, d.size());
    assertEquals(6, d.features());
    assertEquals(9f, d.y()[0][0]);
    assertEquals(3f, d.y()[2][0]);
    assertEquals(41f, d.x()[1][1]);
  }

  @Test
  void countMismatchIsReported() throws IOException {
    Path i = write("train-images", images(3));
    Path l = write("train-labels", labels(2));
    FileFormatException e = assertThrows(FileFormatException.class,
        () -> Idx.readDataset(i, l, true, Integer.MAX_VALUE));
    assertTrue(e.getMessage().contains("holds 3 images but"), e.getMessage());
    assertTrue(e.getMessage().contains("holds 2 labels"), e.getMessage());
  }

  @Test
  void badMagicSaysWhatWasFound() throws IOException {
    Path l = write("labels", labels(3));
    FileFormatException e = assertThrows(FileFormatException.class, () -> Idx.readImages(l, true));
    assertTrue(e.getMessage().contains("expected IDX images magic 0x00000803"), e.getMessage());
    assertTrue(e.getMessage().contains("found 0x00000801"), e.getMessage());
    assertTrue(e.getMessage().contains("a label file?"), e.getMessage());

    Path i = write("images", images(3));
    e = assertThrows(FileFormatException.class, () -> Idx.readLabels(i));
    assertTrue(e.getMessage().contains("found 0x00000803"), e.getMessage());
    assertTrue(e.getMessage().contains("an image file?"), e.getMessage());

    Path png = write("x.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    e = assertThrows(FileFormatException.class, () -> Idx.readImages(png, true));
    assertTrue(e.getMessage().contains("found 0x89504E47 (not an IDX file)"), e.getMessage());

    Path ints = write("ints", idx(0x0C, new int[] {1, 1, 1}, new int[] {0, 0, 0, 0}));
    e = assertThrows(FileFormatException.class, () -> Idx.readImages(ints, true));
    assertTrue(e.getMessage().contains("(ints, 3 dimensions"), e.getMessage());
  }

  @Test
  void truncationAnywhereIsReported() throws IOException {
    byte[] whole = images(3);
    for (int n = 0; n < whole.length; n++) {
      Path p = write("cut", Arrays.copyOf(whole, n));
      FileFormatException e =
          assertThrows(FileFormatException.class, () -> Idx.readImages(p, true), "length " + n);
      assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
    Path p = write("cut", Arrays.copyOf(whole, whole.length - 1));
    String m = assertThrows(FileFormatException.class, () -> Idx.readImages(p, true)).getMessage();
    assertTrue(m.contains("announces 3 images of 2x3 (18 bytes of pixels)"), m);
    assertTrue(m.contains("ends inside image 2"), m);

    byte[] lab = labels(3);
    Path l = write("lcut", Arrays.copyOf(lab, lab.length - 1));
    m = assertThrows(FileFormatException.class, () -> Idx.readLabels(l)).getMessage();
    assertTrue(m.contains("announces 3 labels, but the data ends after 2"), m);
  }

  @Test
  void truncatedGzipIsReported() throws IOException {
    byte[] gz = gzip(images(30));
    Path p = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));
    String m = assertThrows(FileFormatException.class, () -> Idx.readImages(p, true)).getMessage();
    assertTrue(m.contains("cut.gz: truncated"), m);

    // Damaged trailer (CRC of the uncompressed data).
    byte[] bad = gzip(images(3));
    bad[bad.length - 6] ^= 1;
    Path q = write("bad.gz", bad);
    m = assertThrows(FileFormatException.class, () -> Idx.readImages(q, true)).getMessage();
    assertTrue(m.contains("bad.gz: corrupt gzip data"), m);
  }

  @Test
  void dataBeyondTheCountIsReported() throws IOException {
    byte[] b = images(3);
    Path p = write("long", Arrays.copyOf(b, b.length + 6));
    String m = assertThrows(FileFormatException.class, () -> Idx.readImages(p, true)).getMessage();
    assertTrue(m.contains("unexpected data after the last image"), m);
  }

  @Test
  void damagedCountDoesNotAllocateTheWorld() throws IOException {
    byte[] b = images(3);
    ByteBuffer.wrap(b).putInt(4, Integer.MAX_VALUE); // count 2^31-1 with 3 images of data
    Path p = write("huge", b);
    String m = assertThrows(FileFormatException.class, () -> Idx.readImages(p, true)).getMessage();
    assertTrue(m.contains("ends inside image 3"), m);
    byte[] l = labels(3);
    ByteBuffer.wrap(l).putInt(4, Integer.MAX_VALUE);
    Path q = write("hugel", l);
    m = assertThrows(FileFormatException.class, () -> Idx.readLabels(q)).getMessage();
    assertTrue(m.contains("ends after 3"), m);
  }
}
