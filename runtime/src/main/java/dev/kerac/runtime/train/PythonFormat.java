package dev.kerac.runtime.train;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;

/**
 * The bits of Python's number formatting that Keras' callbacks expose: {@code repr(float)} (CSVLogger
 * cells, learning-rate messages) and {@code str.format} with named fields (ModelCheckpoint file names
 * such as {@code "ckpt-{epoch:02d}-{val_loss:.2f}.kcw"}).
 *
 * <p>Rounding is done on the exact binary value with ties to even, as CPython does ({@code
 * format(0.125, ".2f") == "0.12"}); Java's {@code String.format} rounds ties up and Java 17's
 * {@code Double.toString} is not always the shortest round-trip string, so neither is used.
 *
 * <pre>{@code
 * PythonFormat.repr(1e-5);                                       // "1e-05"
 * PythonFormat.format("w-{epoch:02d}-{loss:.2f}", Map.of("epoch", 3, "loss", 0.4567));  // "w-03-0.46"
 * }</pre>
 */
final class PythonFormat {
  private PythonFormat() {}

  // ---------------------------------------------------------------- repr

  /**
   * Python's {@code repr(x)} for a float: the shortest decimal that reads back as {@code x}, in
   * positional notation when the decimal exponent is in [-4, 16), else scientific with an exponent
   * of at least two digits ({@code 1e-05}, {@code 1.5e+20}); {@code nan}, {@code inf}, {@code -inf}.
   */
  static String repr(double x) {
    if (Double.isNaN(x)) {
      return "nan";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "inf" : "-inf";
    }
    boolean negative = Double.doubleToRawLongBits(x) < 0;
    String sign = negative ? "-" : "";
    if (x == 0) {
      return sign + "0.0";
    }
    BigDecimal shortest = shortest(Math.abs(x));
    String digits = shortest.unscaledValue().toString();
    int n = digits.length();
    int decpt = n - shortest.scale(); // x = 0.DIGITS * 10^decpt
    if (decpt <= -4 || decpt > 16) {
      return sign + scientific(digits, decpt - 1);
    }
    StringBuilder sb = new StringBuilder(sign);
    if (decpt <= 0) {
      sb.append("0.");
      for (int i = 0; i < -decpt; i++) {
        sb.append('0');
      }
      sb.append(digits);
    } else if (decpt >= n) {
      sb.append(digits);
      for (int i = n; i < decpt; i++) {
        sb.append('0');
      }
      sb.append(".0");
    } else {
      sb.append(digits, 0, decpt).append('.').append(digits, decpt, n);
    }
    return sb.toString();
  }

  /** {@code d[.ddd]e±XX} from significant digits (no trailing zeros needed) and a decimal exponent. */
  private static String scientific(String digits, int exponent) {
    StringBuilder sb = new StringBuilder();
    sb.append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    return sb.append(exponentSuffix(exponent)).toString();
  }

  private static String exponentSuffix(int exponent) {
    int a = Math.abs(exponent);
    return "e" + (exponent < 0 ? "-" : "+") + (a < 10 ? "0" : "") + a;
  }

  /**
   * The shortest decimal (trailing zeros stripped) that parses back to {@code x > 0}; among equally
   * short ones the nearest to {@code x}, as CPython's {@code dtoa} mode 0.
   */
  private static BigDecimal shortest(double x) {
    BigDecimal exact = new BigDecimal(x);
    for (int p = 1; p <= 17; p++) {
      BigDecimal nearest = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (readsBack(nearest, x)) {
        return nearest.stripTrailingZeros();
      }
      // Next to a power of two the rounding interval is lopsided: the other neighbour may read back.
      BigDecimal down = exact.round(new MathContext(p, RoundingMode.FLOOR));
      BigDecimal up = exact.round(new MathContext(p, RoundingMode.CEILING));
      BigDecimal other = nearest.compareTo(down) == 0 ? up : down;
      if (readsBack(other, x)) {
        return other.stripTrailingZeros();
      }
    }
    return exact.round(MathContext.DECIMAL64).stripTrailingZeros(); // not reached: 17 digits suffice
  }

  private static boolean readsBack(BigDecimal d, double x) {
    return Double.parseDouble(d.toString()) == x;
  }

  // ---------------------------------------------------------------- str.format

  /**
   * Python's {@code pattern.format(**values)} for named fields: {@code {name}} and {@code
   * {name:spec}}, with {@code {{} and {@code }}} as literal braces. Values are {@link Integer} /
   * {@link Long} (Python int) or {@link Double} (Python float).
   *
   * @throws IllegalArgumentException for a missing name, a malformed pattern or an unsupported spec
   */
  static String format(String pattern, Map<String, ?> values) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    int n = pattern.length();
    while (i < n) {
      char c = pattern.charAt(i);
      if (c == '}') {
        if (i + 1 < n && pattern.charAt(i + 1) == '}') {
          out.append('}');
          i += 2;
          continue;
        }
        throw new IllegalArgumentException("single '}' at index " + i + " of \"" + pattern
            + "\"; write '}}' for a literal brace");
      }
      if (c != '{') {
        out.append(c);
        i++;
        continue;
      }
      if (i + 1 < n && pattern.charAt(i + 1) == '{') {
        out.append('{');
        i += 2;
        continue;
      }
      int close = pattern.indexOf('}', i + 1);
      if (close < 0) {
        throw new IllegalArgumentException("unclosed '{' at index " + i + " of \"" + pattern
            + "\"; write '{{' for a literal brace");
      }
      String field = pattern.substring(i + 1, close);
      int colon = field.indexOf(':');
      String name = colon < 0 ? field : field.substring(0, colon);
      String spec = colon < 0 ? "" : field.substring(colon + 1);
      if (name.isEmpty() || name.indexOf('{') >= 0 || name.indexOf('!') >= 0
          || name.indexOf('.') >= 0 || name.indexOf('[') >= 0) {
        throw new IllegalArgumentException("unsupported field {" + field + "} in \"" + pattern
            + "\"; expected {name} or {name:spec} with a log key or epoch/batch as the name");
      }
      if (!values.containsKey(name)) {
        throw new IllegalArgumentException("no value for {" + name + "} in \"" + pattern
            + "\"; available: " + values.keySet());
      }
      out.append(formatValue(values.get(name), spec));
      i = close + 1;
    }
    return out.toString();
  }

  /**
   * Python's {@code format(value, spec)} for the subset {@code [[fill]align][sign][0][width][.precision][type]}
   * with align in {@code < > ^ =}, sign in {@code + - space} and type in {@code d f F e E g G %} or none.
   *
   * @param value an {@link Integer}, {@link Long} or {@link Double}
   */
  static String formatValue(Object value, String spec) {
    Spec s = Spec.parse(spec);
    boolean isInt = value instanceof Integer || value instanceof Long;
    if (!isInt && !(value instanceof Double)) {
      throw new IllegalArgumentException("expected an int or float value, got "
          + (value == null ? "null" : value.getClass().getSimpleName()));
    }
    boolean negative;
    String body;
    if (isInt) {
      long v = ((Number) value).longValue();
      if (s.type == 0 || s.type == 'd') {
        if (s.precision >= 0) {
          throw new IllegalArgumentException("precision not allowed with an integer in format spec '"
              + spec + "'");
        }
        negative = v < 0;
        body = negative ? Long.toString(v).substring(1) : Long.toString(v);
      } else {
        return formatFloat((double) v, s, spec);
      }
    } else {
      if (s.type == 'd') {
        throw new IllegalArgumentException("format code 'd' needs an int, got the float "
            + repr((Double) value) + " (spec '" + spec + "'); use e.g. '.2f'");
      }
      return formatFloat((Double) value, s, spec);
    }
    return pad(s, negative, body);
  }

  private static String formatFloat(double x, Spec s, String spec) {
    boolean negative = !Double.isNaN(x) && Double.doubleToRawLongBits(x) < 0;
    double a = Math.abs(x);
    String body;
    char type = s.type;
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      body = Double.isNaN(x) ? "nan" : "inf";
      if (type == 'F' || type == 'E' || type == 'G') {
        body = body.toUpperCase(java.util.Locale.ROOT);
      }
      if (type == '%') {
        body += "%";
      }
      return pad(s, negative, body);
    }
    int p = s.precision;
    switch (type) {
      case 'f':
      case 'F':
        body = fixed(a, p < 0 ? 6 : p);
        break;
      case '%':
        body = fixed(a * 100, p < 0 ? 6 : p) + "%";
        break;
      case 'e':
      case 'E':
        body = sci(a, p < 0 ? 6 : p, false);
        break;
      case 'g':
      case 'G':
        body = general(a, p < 0 ? 6 : Math.max(p, 1), false);
        break;
      case 0:
        body = p < 0 ? repr(a) : general(a, Math.max(p, 1), true);
        break;
      default:
        throw new IllegalArgumentException("unsupported format type '" + type + "' in '" + spec + "'");
    }
    if (type == 'E' || type == 'G') {
      body = body.toUpperCase(java.util.Locale.ROOT);
    }
    return pad(s, negative, body);
  }

  /** {@code %.{p}f} of {@code a >= 0}, ties to even on the exact value. */
  private static String fixed(double a, int p) {
    return new BigDecimal(a).setScale(p, RoundingMode.HALF_EVEN).toPlainString();
  }

  /** {@code %.{p}e} of {@code a >= 0}; with {@code strip}, trailing zeros of the mantissa are dropped. */
  private static String sci(double a, int p, boolean strip) {
    if (a == 0) {
      String mantissa = p == 0 || strip ? "0" : "0." + "0".repeat(p);
      return mantissa + exponentSuffix(0);
    }
    BigDecimal r = new BigDecimal(a).round(new MathContext(p + 1, RoundingMode.HALF_EVEN));
    String digits = r.unscaledValue().toString();
    int exponent = digits.length() - r.scale() - 1;
    StringBuilder d = new StringBuilder(digits);
    while (d.length() < p + 1) {
      d.append('0');
    }
    d.setLength(p + 1);
    if (strip) {
      while (d.length() > 1 && d.charAt(d.length() - 1) == '0') {
        d.setLength(d.length() - 1);
      }
    }
    StringBuilder sb = new StringBuilder().append(d.charAt(0));
    if (d.length() > 1) {
      sb.append('.').append(d, 1, d.length());
    }
    return sb.append(exponentSuffix(exponent)).toString();
  }

  /**
   * {@code %.{p}g} of {@code a >= 0}: positional when {@code -4 <= exp < p}, trailing zeros removed.
   * With {@code reprStyle} (no type letter but a precision) positional is used only while
   * {@code exp < p - 1} and keeps at least one digit after the point, as CPython does.
   */
  private static String general(double a, int p, boolean reprStyle) {
    int exponent;
    if (a == 0) {
      exponent = 0;
    } else {
      BigDecimal r = new BigDecimal(a).round(new MathContext(p, RoundingMode.HALF_EVEN));
      exponent = r.precision() - r.scale() - 1;
    }
    int limit = reprStyle ? p - 1 : p;
    if (exponent < -4 || exponent >= limit) {
      return sci(a, p - 1, true);
    }
    String s = fixed(a, p - 1 - exponent);
    if (s.indexOf('.') >= 0) {
      int end = s.length();
      while (s.charAt(end - 1) == '0') {
        end--;
      }
      if (s.charAt(end - 1) == '.') {
        end = reprStyle ? end + 1 : end - 1;
      }
      s = s.substring(0, end);
    } else if (reprStyle) {
      s += ".0";
    }
    return s;
  }

  /** Applies sign, fill, alignment and width to an unsigned body. */
  private static String pad(Spec s, boolean negative, String body) {
    String sign = negative ? "-" : s.sign == '+' ? "+" : s.sign == ' ' ? " " : "";
    int padding = s.width - sign.length() - body.length();
    if (padding <= 0) {
      return sign + body;
    }
    String fill = String.valueOf(s.fill).repeat(padding);
    switch (s.align) {
      case '<':
        return sign + body + fill;
      case '^': {
        int left = padding / 2;
        return fill.substring(0, left) + sign + body + fill.substring(left);
      }
      case '=':
        return sign + fill + body;
      default:
        return fill + sign + body;
    }
  }

  /** A parsed format spec. */
  private static final class Spec {
    char fill = ' ';
    char align = '>';
    char sign = '-';
    int width = 0;
    int precision = -1;
    char type = 0;

    static Spec parse(String spec) {
      Spec s = new Spec();
      int i = 0;
      int n = spec.length();
      boolean explicitFill = false;
      boolean explicitAlign = false;
      if (n >= 2 && isAlign(spec.charAt(1))) {
        s.fill = spec.charAt(0);
        s.align = spec.charAt(1);
        explicitFill = true;
        explicitAlign = true;
        i = 2;
      } else if (n >= 1 && isAlign(spec.charAt(0))) {
        s.align = spec.charAt(0);
        explicitAlign = true;
        i = 1;
      }
      if (i < n && (spec.charAt(i) == '+' || spec.charAt(i) == '-' || spec.charAt(i) == ' ')) {
        s.sign = spec.charAt(i++);
      }
      if (i < n && spec.charAt(i) == '0') {
        // '0' before the width: zero padding after the sign, unless a fill/alignment was given.
        if (!explicitFill) {
          s.fill = '0';
        }
        if (!explicitAlign) {
          s.align = '=';
        }
        i++;
      }
      int start = i;
      while (i < n && Character.isDigit(spec.charAt(i))) {
        i++;
      }
      if (i > start) {
        s.width = Integer.parseInt(spec.substring(start, i));
      }
      if (i < n && spec.charAt(i) == '.') {
        int p0 = ++i;
        while (i < n && Character.isDigit(spec.charAt(i))) {
          i++;
        }
        if (i == p0) {
          throw new IllegalArgumentException("format spec '" + spec + "' has '.' without a precision");
        }
        s.precision = Integer.parseInt(spec.substring(p0, i));
      }
      if (i < n && "dfFeEgG%".indexOf(spec.charAt(i)) >= 0) {
        s.type = spec.charAt(i++);
      }
      if (i != n) {
        throw new IllegalArgumentException("unsupported format spec '" + spec
            + "'; expected [[fill]align][sign][0][width][.precision][type] with type one of d f F e E g G %");
      }
      return s;
    }

    private static boolean isAlign(char c) {
      return c == '<' || c == '>' || c == '^' || c == '=';
    }
  }
}
