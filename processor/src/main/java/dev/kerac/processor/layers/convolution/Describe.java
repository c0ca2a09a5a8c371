package dev.kerac.processor.layers.convolution;

import dev.kerac.processor.read.AnnotationReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The short description in the comment above a convolution's code, e.g. {@code 3x3, same, relu}. */
final class Describe {
  private Describe() {}

  static String of(AnnotationReader a, int rank) {
    List<String> parts = new ArrayList<>();
    parts.add(join(ConvConfig.spatial(a, "kernelSize", rank)));
    int[] s = ConvConfig.spatial(a, "strides", rank);
    if (max(s) > 1) {
      parts.add("strides " + join(s));
    }
    int[] d = ConvConfig.spatial(a, "dilationRate", rank);
    if (max(d) > 1) {
      parts.add("dilation " + join(d));
    }
    parts.add(a.getEnum("padding").toLowerCase(Locale.ROOT));
    if (a.has("depthMultiplier") && a.getInt("depthMultiplier") > 1) {
      parts.add("depth multiplier " + a.getInt("depthMultiplier"));
    }
    if (a.has("groups") && a.getInt("groups") > 1) {
      parts.add("groups " + a.getInt("groups"));
    }
    if (!a.getBoolean("useBias")) {
      parts.add("no bias");
    }
    String act = ConvConfig.activation(a).describe();
    if (!act.equals("linear")) {
      parts.add(act);
    }
    return String.join(", ", parts);
  }

  private static String join(int[] v) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      b.append(i == 0 ? "" : "x").append(v[i]);
    }
    return b.toString();
  }

  private static int max(int[] v) {
    int m = 0;
    for (int x : v) {
      m = Math.max(m, x);
    }
    return m;
  }
}
