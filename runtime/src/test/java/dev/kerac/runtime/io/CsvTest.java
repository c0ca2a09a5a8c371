package dev.kerac.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.runtime.data.Dataset;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
  @TempDir Path dir;

  private Path write(String text) throws IOException {
    Path p = dir.resolve("data.csv");
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  private static String message(Path p, boolean header, int label) {
    return assertThrows(FileFormatException.class, () -> Csv.read(p, header, label)).getMessage();
  }

  @Test
  void headerAndLastLabelColumn() throws IOException {
    Path p = write("sepal,petal,class\n5.1,1.4,0\n 4.9 , \"1.3\" ,2\n\n6.0,-2.5e-1,1\n");
    Dataset d = Csv.read(p, true, -1);
    assertEquals(3, d.size());
    assertArrayEquals(new float[] {5.1f, 1.4f}, d.x()[0]);
    assertArrayEquals(new float[] {4.9f, 1.3f}, d.x()[1]);
    assertArrayEquals(new float[] {6.0f, -0.25f}, d.x()[2]);
    assertArrayEquals(new float[][] {{0}, {2}, {1}}, d.y());
  }

  @Test
  void labelColumnInTheMiddleOrFirst() throws IOException {
    Path p = write("1,2,3,4\n5,6,7,8\r\n");
    Dataset mid = Csv.read(p, false, 1);
    assertArrayEquals(new float[] {1, 3, 4}, mid.x()[0]);
    assertArrayEquals(new float[] {5, 7, 8}, mid.x()[1]);
    assertArrayEquals(new float[][] {{2}, {6}}, mid.y());
    Dataset first = Csv.read(p, false, 0);
    assertArrayEquals(new float[] {6, 7, 8}, first.x()[1]);
    assertArrayEquals(new float[][] {{1}, {5}}, first.y());
    assertArrayEquals(new float[][] {{1}, {5}}, Csv.read(p, false, -4).y());
  }

  @Test
  void matrixWithOtherDelimiterBomAndSpecialValues() throws IOException {
    float[][] m = Csv.readMatrix(
        new StringReader("\uFEFF1;nan;-Inf\n2;Infinity;+inf\n"), "mem", false, ';');
    assertEquals(2, m.length);
    assertEquals(1f, m[0][0]);
    assertTrue(Float.isNaN(m[0][1]));
    assertEquals(Float.NEGATIVE_INFINITY, m[0][2]);
    assertEquals(Float.POSITIVE_INFINITY, m[1][1]);
    assertEquals(Float.POSITIVE_INFINITY, m[1][2]);
  }

  @Test
  void badNumberNamesLineAndColumn() throws IOException {
    Path p = write("a,b\n1,2\n3,x7\n");
    String m = message(p, true, -1);
    assertTrue(m.contains("line 3, column 2: 'x7' is not a number"), m);

    // Java-only syntax is not a number in a data file.
    m = message(write("1,2f\n"), false, 0);
    assertTrue(m.contains("line 1, column 2: '2f' is not a number"), m);
    m = message(write("0x10,2\n"), false, 0);
    assertTrue(m.contains("'0x10' is not a number"), m);

    m = message(write("1,,3\n"), false, 0);
    assertTrue(m.contains("line 1, column 2: empty value"), m);
  }

  @Test
  void forgottenHeaderGetsAHint() throws IOException {
    String m = message(write("\n\nwidth,label\n1,0\n"), false, -1);
    assertTrue(m.contains("line 3, column 1: 'width' is not a number"), m);
    assertTrue(m.contains("pass header=true"), m);
    // Not on later lines.
    m = message(write("1,0\nwidth,label\n"), false, -1);
    assertTrue(!m.contains("header"), m);
  }

  @Test
  void raggedLinesAreReported() throws IOException {
    String m = message(write("1,2,3\n4,5\n"), false, 0);
    assertTrue(m.contains("line 2 has 2 columns; line 1 has 3"), m);
    m = message(write("h\n1,2\n\n4,5,6\n"), true, 0);
    assertTrue(m.contains("line 4 has more than 2 columns; line 2 has 2"), m);
  }

  @Test
  void labelColumnOutOfRange() throws IOException {
    Path p = write("1,2\n");
    String m = message(p, false, 2);
    assertTrue(m.contains("label column 2 is outside the 2 columns"), m);
    m = message(p, false, -3);
    assertTrue(m.contains("label column -3 is outside"), m);
  }

  @Test
  void emptyInputGivesAnEmptyDataset() throws IOException {
    assertEquals(0, Csv.read(write("a,b\n\n"), true, 0).size());
    assertEquals(0, Csv.readMatrix(write(""), false).length);
  }
}
