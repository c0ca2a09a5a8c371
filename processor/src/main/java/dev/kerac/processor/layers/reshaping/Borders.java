package dev.kerac.processor.layers.reshaping;

import com.palantir.javapoet.CodeBlock;
import dev.kerac.processor.diagnostics.Message;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.read.AnnotationReader;
import java.util.Arrays;

/**
 * The borders of ZeroPadding2D and Cropping2D, and the two copies they share: padding one image
 * into a larger one (zeros around it) and cropping the inner part out of a larger one. Padding's
 * forward is cropping's backward and vice versa.
 */
final class Borders {
  private Borders() {}

  /** Top, bottom, left, right. */
  record Sides(int top, int bottom, int left, int right) {
    @Override
    public String toString() {
      return "((" + top + ", " + bottom + "), (" + left + ", " + right + "))";
    }
  }

  /** Checks Keras's three forms (p; {rows, cols}; {top, bottom, left, right}) and values >= 0. */
  static boolean check(AnnotationReader a, String attribute, Report report) {
    int[] v = a.getIntArray(attribute);
    if (v.length != 1 && v.length != 2 && v.length != 4) {
      report.error(a.element(), a.mirror(), attribute, Message.BORDER_ARITY, a.simpleName(), attribute,
          Arrays.toString(v));
      return false;
    }
    for (int d : v) {
      if (d < 0) {
        report.error(a.element(), a.mirror(), attribute, Message.BORDER_NEGATIVE, a.simpleName(), attribute,
            Arrays.toString(v));
        return false;
      }
    }
    return true;
  }

  /** The sides of a checked attribute. */
  static Sides read(AnnotationReader a, String attribute) {
    int[] v = a.getIntArray(attribute);
    return switch (v.length) {
      case 1 -> new Sides(v[0], v[0], v[0], v[0]);
      case 2 -> new Sides(v[0], v[0], v[1], v[1]);
      default -> new Sides(v[0], v[1], v[2], v[3]);
    };
  }

  /**
   * Emits, inside a loop over samples, {@code big = small} surrounded by zeros: {@code small} is
   * {@code (h, w, ch)}, {@code big} is {@code (h + top + bottom, w + left + right, ch)}. Only the
   * borders are zeroed; the image rows are copied whole.
   */
  static void pad(CodeBlock.Builder code, String small, String big, int h, int w, int ch, Sides s) {
    int bigRow = (w + s.left() + s.right()) * ch;
    int bigSize = (h + s.top() + s.bottom()) * bigRow;
    if (s.top() > 0) {
      code.addStatement("$T.fill($L, 0, $L, 0f)", Arrays.class, big, s.top() * bigRow);
    }
    code.beginControlFlow("for (int h = 0; h < $L; h++)", h);
    code.addStatement("int o = $L", offset(s, bigRow, ch));
    if (s.left() > 0) {
      code.addStatement("$T.fill($L, o - $L, o, 0f)", Arrays.class, big, s.left() * ch);
    }
    code.addStatement("$T.arraycopy($L, h * $L, $L, o, $L)", System.class, small, w * ch, big, w * ch);
    if (s.right() > 0) {
      code.addStatement("$T.fill($L, o + $L, o + $L, 0f)", Arrays.class, big, w * ch, (w + s.right()) * ch);
    }
    code.endControlFlow();
    if (s.bottom() > 0) {
      code.addStatement("$T.fill($L, $L, $L, 0f)", Arrays.class, big, (s.top() + h) * bigRow, bigSize);
    }
  }

  /** Emits, inside a loop over samples, {@code small} = the inner part of {@code big} (as {@link #pad}). */
  static void crop(CodeBlock.Builder code, String big, String small, int h, int w, int ch, Sides s) {
    int bigRow = (w + s.left() + s.right()) * ch;
    code.beginControlFlow("for (int h = 0; h < $L; h++)", h);
    code.addStatement("$T.arraycopy($L, $L, $L, h * $L, $L)", System.class, big, offset(s, bigRow, ch), small,
        w * ch, w * ch);
    code.endControlFlow();
  }

  /** Where image row {@code h} starts in the big image. */
  private static String offset(Sides s, int bigRow, int ch) {
    String row = (s.top() == 0 ? "h" : "(h + " + s.top() + ")") + " * " + bigRow;
    return s.left() == 0 ? row : row + " + " + s.left() * ch;
  }
}
