package dev.kerac.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NpyTest {

  // ---- files written by hand, following the .npy format specification --------------------------

  /**
   * Magic, version, header length (u16 for 1.x, u32 for 2.x/3.x), the dict padded with spaces and a
   * newline so that the data starts at a multiple of 64, then the data.
   */
  private static byte[] npy(int major, String dict, byte[] data) {
    byte[] text = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    int prefix = 6 + 2 + (major == 1 ? 2 : 4);
    int total = prefix + text.length + 1;
    int pad = (64 - total % 64) % 64;
    int headerLength = text.length + pad + 1;
    ByteBuffer b = ByteBuffer.allocate(prefix + headerLength + data.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    if (major == 1) {
      b.putShort((short) headerLength);
    } else {
      b.putInt(headerLength);
    }
    b.put(text);
    for (int i = 0; i < pad; i++) {
      b.put((byte) ' ');
    }
    b.put((byte) '\n');
    b.put(data);
    return b.array();
  }

  private static String dict(String descr, boolean fortran, String shape) {
    return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
        + ", 'shape': " + shape + ", }";
  }

  private static byte[] le(int bytes, long... values) {
    ByteBuffer b = ByteBuffer.allocate(bytes * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      switch (bytes) {
        case 1 -> b.put((byte) v);
        case 2 -> b.putShort((short) v);
        case 4 -> b.putInt((int) v);
        default -> b.putLong(v);
      }
    }
    return b.array();
  }

  private static Npy.Array read(byte[] bytes) throws IOException {
    return Npy.read(new ByteArrayInputStream(bytes), "test.npy");
  }

  private static String error(byte[] bytes) {
    return assertThrows(FileFormatException.class, () -> read(bytes)).getMessage();
  }

  @Test
  void float32Version1() throws IOException {
    ByteBuffer d = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : new float[] {0.5f, -1f, 2f, 3.25f, 1e-3f, -0f}) {
      d.putFloat(v);
    }
    Npy.Array a = read(npy(1, dict("<f4", false, "(2, 3)"), d.array()));
    assertArrayEquals(new int[] {2, 3}, a.shape());
    assertArrayEquals(new float[] {0.5f, -1f, 2f, 3.25f, 1e-3f, -0f}, a.data());
    assertEquals("<f4", a.dtype());
    assertArrayEquals(new float[][] {{0.5f, -1f, 2f}, {3.25f, 1e-3f, -0f}}, a.rows());
  }

  @Test
  void integerTypesAndVersions2And3() throws IOException {
    Npy.Array i8 = read(npy(2, dict("<i8", false, "(3,)"), le(8, -5, 0, 1L << 40)));
    assertArrayEquals(new float[] {-5, 0, (float) (1L << 40)}, i8.data());
    assertArrayEquals(new float[][] {{-5}, {0}, {(float) (1L << 40)}}, i8.rows());

    // Version 3 allows UTF-8 in the header; the extra key is ignored.
    Npy.Array u1 = read(npy(3,
        "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 2), 'note': 'ü', }",
        le(1, 0, 255, 128, 7)));
    assertArrayEquals(new float[] {0, 255, 128, 7}, u1.data());

    assertArrayEquals(new float[] {-1, 127},
        read(npy(1, dict("|i1", false, "(2,)"), le(1, -1, 127))).data());
    assertArrayEquals(new float[] {65535, -32768},
        concat(read(npy(1, dict("<u2", false, "(1,)"), le(2, 0xFFFF))).data(),
            read(npy(1, dict("<i2", false, "(1,)"), le(2, -32768))).data()));
    assertArrayEquals(new float[] {4294967295f},
        read(npy(1, dict("<u4", false, "(1,)"), le(4, 0xFFFFFFFFL))).data());
    assertArrayEquals(new float[] {1, 0, 1},
        read(npy(1, dict("|b1", false, "(3,)"), le(1, 1, 0, 1))).data());
  }

  private static float[] concat(float[] a, float[] b) {
    float[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  @Test
  void bigEndianDoubles() throws IOException {
    ByteBuffer d = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
    d.putDouble(0.1).putDouble(-1e300);
    Npy.Array a = read(npy(1, dict(">f8", false, "(2,)"), d.array()));
    assertArrayEquals(new float[] {0.1f, Float.NEGATIVE_INFINITY}, a.data());
  }

  @Test
  void scalarAndEmptyShapes() throws IOException {
    ByteBuffer d = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(7f);
    Npy.Array s = read(npy(1, dict("<f4", false, "()"), d.array()));
    assertArrayEquals(new int[0], s.shape());
    assertArrayEquals(new float[][] {{7f}}, s.rows());
    Npy.Array e = read(npy(1, dict("<f4", false, "(0, 3)"), new byte[0]));
    assertEquals(0, e.data().length);
    assertEquals(0, e.rows().length);
  }

  @Test
  void fortranOrderIsRejectedClearly() {
    String m = error(npy(1, dict("<f4", true, "(2, 2)"), new byte[16]));
    assertTrue(m.contains("Fortran (column-major) order"), m);
    assertTrue(m.contains("np.ascontiguousarray"), m);
  }

  @Test
  void badMagicVersionDtypeAndHeader() {
    assertTrue(error("PK\3\4junkjunk".getBytes(StandardCharsets.ISO_8859_1))
        .contains("not a .npy file"));
    byte[] v4 = npy(2, dict("<f4", false, "(1,)"), new byte[4]);
    v4[6] = 4;
    assertTrue(error(v4).contains("version 4.0 is not supported"));
    String m = error(npy(1, dict("<c8", false, "(1,)"), new byte[8]));
    assertTrue(m.contains("dtype '<c8' is not supported"), m);
    m = error(npy(1, dict("<f2", false, "(1,)"), new byte[2]));
    assertTrue(m.contains("dtype '<f2' is not supported"), m);
    m = error(npy(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }",
        new byte[4]));
    assertTrue(m.contains("structured dtype"), m);
    m = error(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1), }", new byte[4]));
    assertTrue(m.contains("non-negative"), m);
    m = error(npy(1, "{'descr': '<f4' 'shape': (1,)}", new byte[4]));
    assertTrue(m.contains("malformed .npy header"), m);
  }

  @Test
  void truncationIsReported() {
    byte[] whole = npy(1, dict("<f4", false, "(2, 3)"), new byte[24]);
    for (int n = 0; n < whole.length; n++) {
      byte[] cut = Arrays.copyOf(whole, n);
      String m = assertThrows(FileFormatException.class, () -> read(cut), "length " + n)
          .getMessage();
      assertTrue(m.contains("truncated") || (n < 6 && m.contains("not a .npy file")), m);
    }
    String m = error(Arrays.copyOf(whole, whole.length - 5));
    assertTrue(m.contains("needs 24 bytes of data, the file has 19"), m);
  }

  // ---- files written by NumPy itself (src/test/resources/npy/make.py) --------------------------

  private static Npy.Array fixture(String name) throws IOException {
    try (InputStream in = NpyTest.class.getResourceAsStream("/npy/" + name)) {
      return Npy.read(in, name);
    }
  }

  @Test
  void readsWhatNumpyWrites() throws IOException {
    // np.arange(6, dtype="<f4").reshape(2, 3) / 4
    Npy.Array f4 = fixture("f4_2x3.npy");
    assertArrayEquals(new int[] {2, 3}, f4.shape());
    assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1f, 1.25f}, f4.data());
    // np.arange(4, dtype=">f8") - 1.5
    assertArrayEquals(new float[] {-1.5f, -0.5f, 0.5f, 1.5f}, fixture("f8_big_endian.npy").data());
    // [[0, 255], [128, 7]] as uint8
    assertArrayEquals(new float[][] {{0, 255}, {128, 7}}, fixture("u1_2x2.npy").rows());
    // np.arange(-3, 3, dtype="<i8"), format 2.0
    assertArrayEquals(new float[] {-3, -2, -1, 0, 1, 2}, fixture("i8_v2.npy").data());
    // np.arange(24, dtype="<i4").reshape(2, 3, 4), format 3.0
    Npy.Array i4 = fixture("i4_2x3x4_v3.npy");
    assertArrayEquals(new int[] {2, 3, 4}, i4.shape());
    float[][] rows = i4.rows();
    assertEquals(2, rows.length);
    for (int k = 0; k < 24; k++) {
      assertEquals(k, rows[k / 12][k % 12]);
    }
    assertArrayEquals(new float[] {1, 0, 1}, fixture("b1.npy").data());
    // [0, 2**64 - 1, 2**63] as uint64: the nearest floats are 0, 2^64, 2^63
    assertArrayEquals(new float[] {0, 0x1p64f, 0x1p63f}, fixture("u8_large.npy").data());
    assertArrayEquals(new float[] {2.5f}, fixture("scalar.npy").data());
    assertArrayEquals(new int[] {0, 3}, fixture("empty_0x3.npy").shape());
  }

  @Test
  void rejectsWhatNumpyWritesButWeDoNotRead() {
    String m = assertThrows(FileFormatException.class, () -> fixture("fortran.npy")).getMessage();
    assertTrue(m.contains("Fortran"), m);
    m = assertThrows(FileFormatException.class, () -> fixture("structured.npy")).getMessage();
    assertTrue(m.contains("structured dtype"), m);
    m = assertThrows(FileFormatException.class, () -> fixture("c8.npy")).getMessage();
    assertTrue(m.contains("'<c8' is not supported"), m);
  }
}
