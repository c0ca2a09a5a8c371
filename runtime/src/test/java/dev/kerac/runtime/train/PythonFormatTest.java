package dev.kerac.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.runtime.init.Rng;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected strings are what CPython 3 prints for the same values. */
class PythonFormatTest {

  @Test
  void reprMatchesPython() {
    assertEquals("0.23999999463558197", PythonFormat.repr((double) 0.24f));
    assertEquals("0.10000000149011612", PythonFormat.repr((double) 0.1f));
    assertEquals("1.2449396848678589", PythonFormat.repr(1.2449396848678589));
    assertEquals("0.1", PythonFormat.repr(0.1));
    assertEquals("0.30000000000000004", PythonFormat.repr(0.1 + 0.2));
    assertEquals("0.6666666666666666", PythonFormat.repr(2.0 / 3));
    assertEquals("1.4142135623730951", PythonFormat.repr(Math.sqrt(2)));
    assertEquals("123.0", PythonFormat.repr(123.0));
    assertEquals("-2.5", PythonFormat.repr(-2.5));
    assertEquals("12345678.9", PythonFormat.repr(12345678.9));
    assertEquals("0.001", PythonFormat.repr(0.001));
    assertEquals("0.0001", PythonFormat.repr(1e-4));
    assertEquals("1e-05", PythonFormat.repr(1e-5));
    assertEquals("1.5e-07", PythonFormat.repr(1.5e-7));
    assertEquals("1000000000000000.0", PythonFormat.repr(1e15));
    assertEquals("9007199254740992.0", PythonFormat.repr(9007199254740992.0));
    assertEquals("1e+16", PythonFormat.repr(1e16));
    assertEquals("1e+20", PythonFormat.repr(1e20));
    assertEquals("1e+22", PythonFormat.repr(1e22));
    assertEquals("1e+23", PythonFormat.repr(1e23));
    assertEquals("5e-324", PythonFormat.repr(Double.MIN_VALUE));
    assertEquals("2.2250738585072014e-308", PythonFormat.repr(Double.MIN_NORMAL));
    assertEquals("1.7976931348623157e+308", PythonFormat.repr(Double.MAX_VALUE));
    assertEquals("0.0", PythonFormat.repr(0.0));
    assertEquals("-0.0", PythonFormat.repr(-0.0));
    assertEquals("nan", PythonFormat.repr(Double.NaN));
    assertEquals("inf", PythonFormat.repr(Double.POSITIVE_INFINITY));
    assertEquals("-inf", PythonFormat.repr(Double.NEGATIVE_INFINITY));
  }

  @Test
  void reprIsShortestWhereJava17IsNot() {
    // Java 17's Double.toString gives 2.82879384806159008E17 (JDK-4511638); Python the shortest.
    assertEquals("2.82879384806159e+17", PythonFormat.repr(2.82879384806159e17));
  }

  @Test
  void reprRoundTripsAndNoShorterDecimalDoes() {
    Rng rng = new Rng(5);
    for (int i = 0; i < 2_000; i++) {
      double x = i % 2 == 0
          ? Double.longBitsToDouble(rng.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL)
          : (double) (rng.nextFloat() * (float) Math.pow(10, rng.nextInt(20) - 10));
      if (x == 0) {
        continue;
      }
      String s = PythonFormat.repr(x);
      assertEquals(x, Double.parseDouble(s), s);
      BigDecimal d = new BigDecimal(s).stripTrailingZeros();
      int digits = d.precision();
      if (digits > 1) {
        BigDecimal exact = new BigDecimal(x);
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
          BigDecimal shorter = exact.round(new MathContext(digits - 1, mode));
          assertTrue(Double.parseDouble(shorter.toString()) != x, s + " is not the shortest");
        }
      }
    }
  }

  private static String f(Object value, String spec) {
    return PythonFormat.formatValue(value, spec);
  }

  @Test
  void fixedRoundsTiesToEvenOnTheExactValue() {
    assertEquals("0.46", f(0.4567, ".2f"));
    assertEquals("0.12", f(0.125, ".2f"));
    assertEquals("0.38", f(0.375, ".2f"));
    assertEquals("2.67", f(2.675, ".2f")); // 2.67499999... in binary
    assertEquals("0.01", f(0.005, ".2f")); // 0.005000000000000000104...
    assertEquals("3.00", f(3, ".2f"));
    assertEquals("-0.0", f(-0.0, ".1f"));
    assertEquals("0.500000", f(0.5, "f"));
    assertEquals("0.50000", f(0.5, ".5f"));
  }

  @Test
  void exponentAndGeneralFormats() {
    assertEquals("1.235e+03", f(1234.5678, ".3e"));
    assertEquals("2.500000e+00", f(2.5, "e"));
    assertEquals("1.00e+01", f(9.9999, ".2e"));
    assertEquals("0.000000e+00", f(0.0, "e"));
    assertEquals("1e-05", f(1e-5, "g"));
    assertEquals("1.23457e+08", f(123456789.0, "g"));
    assertEquals("0.0001", f(0.0001, "g"));
    assertEquals("100000", f(100000.0, "g"));
    assertEquals("1e+06", f(1000000.0, "g"));
    assertEquals("0", f(0.0, "g"));
    assertEquals("1.23457E-05", f(1.23456789e-5, "G"));
    assertEquals("50.000000%", f(0.5, "%"));
    assertEquals("50.0%", f(0.5, ".1%"));
  }

  @Test
  void noTypeWithPrecisionIsReprStyleGeneral() {
    assertEquals("1e+02", f(100.0, ".3"));
    assertEquals("1.0", f(1.0, ".3"));
    assertEquals("0.5", f(0.5, ".3"));
    assertEquals("1234.5", f(1234.5, ".6"));
    assertEquals("0.1", f(0.1, ""));
    assertEquals("1e+16", f(1e16, ""));
    assertEquals("7", f(7, ""));
  }

  @Test
  void widthFillAlignSign() {
    assertEquals("03", f(3, "02d"));
    assertEquals("12", f(12, "02d"));
    assertEquals("123", f(123, "02d"));
    assertEquals("-007", f(-7, "04d"));
    assertEquals("0001.500", f(1.5, "08.3f"));
    assertEquals("-001.500", f(-1.5, "08.3f"));
    assertEquals("   5", f(5, ">4d"));
    assertEquals("   5", f(5, "4d"));
    assertEquals("5   ", f(5, "<4d"));
    assertEquals("  5  ", f(5, "^5d"));
    assertEquals("***123***", f(123, "*^9d"));
    assertEquals("+5", f(5, "+d"));
    assertEquals(" 5", f(5, " d"));
    assertEquals("+0.50", f(0.5, "+.2f"));
  }

  @Test
  void nonFiniteValues() {
    assertEquals("nan", f(Double.NaN, ".2f"));
    assertEquals("INF", f(Double.POSITIVE_INFINITY, "E"));
    assertEquals("-inf", f(Double.NEGATIVE_INFINITY, ".1f"));
  }

  @Test
  void namedFieldsAndEscapes() {
    Map<String, Object> v = Map.of("epoch", 3, "val_loss", 0.4567, "loss", 0.1);
    assertEquals("ckpt-03-0.46.kcw", PythonFormat.format("ckpt-{epoch:02d}-{val_loss:.2f}.kcw", v));
    assertEquals("{literal}-3-0.1", PythonFormat.format("{{literal}}-{epoch}-{loss}", v));
    assertEquals("plain.kcw", PythonFormat.format("plain.kcw", v));
  }

  @Test
  void badPatternsAndSpecsAreRejected() {
    Map<String, Object> v = Map.of("epoch", 3, "loss", 0.5);
    assertThrows(IllegalArgumentException.class, () -> PythonFormat.format("{missing}", v));
    assertThrows(IllegalArgumentException.class, () -> PythonFormat.format("{loss:d}", v));
    assertThrows(IllegalArgumentException.class, () -> PythonFormat.format("{epoch", v));
    assertThrows(IllegalArgumentException.class, () -> PythonFormat.format("a}b", v));
    assertThrows(IllegalArgumentException.class, () -> PythonFormat.format("{epoch:,d}", v));
    assertThrows(IllegalArgumentException.class, () -> PythonFormat.format("{epoch:.2d}", v));
    assertThrows(IllegalArgumentException.class, () -> PythonFormat.format("{epoch!r}", v));
    assertThrows(IllegalArgumentException.class, () -> PythonFormat.format("{}", v));
    assertThrows(IllegalArgumentException.class, () -> PythonFormat.format("{loss:.f}", v));
  }
}
