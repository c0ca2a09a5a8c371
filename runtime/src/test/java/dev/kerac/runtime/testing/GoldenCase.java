package dev.kerac.runtime.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.kerac.runtime.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One reference case from the golden directory (schema: {@code golden/README.md}). The project's own
 * copy lives in {@code src/test/resources/golden}; the system property {@code kerac.golden.dir} points
 * at another directory of cases.
 */
public final class GoldenCase {
  public final String file;
  public final String name;
  public final String kind;
  public final String keras;
  public final Map<String, Object> config;
  public final boolean training;
  public final double rtol;
  public final double atol;
  private final Map<String, Object> tensors;

  @SuppressWarnings("unchecked")
  private GoldenCase(String file, Map<String, Object> json) {
    this.file = file;
    this.name = (String) json.get("name");
    this.kind = (String) json.get("kind");
    this.keras = (String) json.get("keras");
    this.config = (Map<String, Object>) json.get("config");
    this.training = Boolean.TRUE.equals(json.get("training"));
    this.rtol = json.get("rtol") == null ? 1e-4 : ((Number) json.get("rtol")).doubleValue();
    this.atol = json.get("atol") == null ? 1e-5 : ((Number) json.get("atol")).doubleValue();
    this.tensors = (Map<String, Object>) json.get("tensors");
  }

  /** Reads one case file. */
  @SuppressWarnings("unchecked")
  public static GoldenCase read(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return new GoldenCase(file.getFileName().toString(), (Map<String, Object>) Json.parse(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The directory of cases: {@code kerac.golden.dir} if set, else the test resources copy. */
  public static Path directory() {
    String dir = System.getProperty("kerac.golden.dir");
    if (dir != null && !dir.isEmpty()) {
      return Paths.get(dir);
    }
    try {
      java.net.URI uri = GoldenCase.class.getResource("/golden/MANIFEST").toURI();
      if (uri.getScheme().equals("jar")) {
        // Read from the runtime test jar when another module's tests use the cases.
        try {
          java.nio.file.FileSystems.newFileSystem(uri, Map.of());
        } catch (java.nio.file.FileSystemAlreadyExistsException alreadyOpen) {
          // fine
        }
      }
      return Paths.get(uri).getParent();
    } catch (Exception e) {
      throw new IllegalStateException("golden cases not found on the test class path", e);
    }
  }

  /** All cases whose file name starts with {@code prefix}, sorted by file name. */
  public static List<GoldenCase> all(String prefix) {
    try (Stream<Path> files = Files.list(directory())) {
      List<GoldenCase> out = new ArrayList<>();
      files
          .filter(p -> p.getFileName().toString().startsWith(prefix))
          .filter(p -> p.getFileName().toString().endsWith(".json"))
          .sorted()
          .forEach(p -> out.add(read(p)));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One case by its file stem, e.g. {@code loss_mse_small}. */
  public static GoldenCase named(String stem) {
    return read(directory().resolve(stem + ".json"));
  }

  public boolean has(String tensor) {
    return tensors.containsKey(tensor);
  }

  public List<String> tensorNames() {
    return new ArrayList<>(tensors.keySet());
  }

  @SuppressWarnings("unchecked")
  public int[] shape(String tensor) {
    Map<String, Object> t = tensor(tensor);
    List<Object> s = (List<Object>) t.get("shape");
    int[] out = new int[s.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = ((Number) s.get(k)).intValue();
    }
    return out;
  }

  /** The tensor's data in row-major order, as float32. */
  public float[] data(String tensor) {
    double[] d = dataDouble(tensor);
    float[] out = new float[d.length];
    for (int k = 0; k < d.length; k++) {
      out[k] = (float) d[k];
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  public double[] dataDouble(String tensor) {
    Object data = tensor(tensor).get("data");
    List<Double> flat = new ArrayList<>();
    flatten(data, flat);
    double[] out = new double[flat.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = flat.get(k);
    }
    return out;
  }

  /** The first dimension's rows of a tensor of shape {@code [B, ...]}, each flattened. */
  public float[][] rows(String tensor) {
    int[] s = shape(tensor);
    float[] d = data(tensor);
    int b = s.length == 0 ? 1 : s[0];
    int per = b == 0 ? 0 : d.length / b;
    float[][] out = new float[b][per];
    for (int r = 0; r < b; r++) {
      System.arraycopy(d, r * per, out[r], 0, per);
    }
    return out;
  }

  public double scalar(String tensor) {
    return dataDouble(tensor)[0];
  }

  public double configDouble(String key, double dflt) {
    Object v = config.get(key);
    return v instanceof Number n ? n.doubleValue() : dflt;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> tensor(String tensor) {
    Map<String, Object> t = (Map<String, Object>) tensors.get(tensor);
    if (t == null) {
      throw new IllegalArgumentException(file + " has no tensor '" + tensor + "'; it has " + tensors.keySet());
    }
    return t;
  }

  @SuppressWarnings("unchecked")
  private static void flatten(Object o, List<Double> out) {
    if (o instanceof List<?> l) {
      for (Object e : l) {
        flatten(e, out);
      }
    } else if (o instanceof Number n) {
      out.add(n.doubleValue());
    } else if (o == null) {
      out.add(Double.NaN);
    } else {
      throw new IllegalArgumentException("not a number: " + o);
    }
  }

  /**
   * Asserts {@code |actual - expected| <= atol + rtol * |expected|} element-wise, naming the case, the
   * tensor and the first offending index.
   */
  public void assertClose(String tensor, float[] actual) {
    assertClose(tensor, dataDouble(tensor), actual, rtol, atol);
  }

  public void assertClose(String what, double[] expected, float[] actual, double rtol, double atol) {
    if (expected.length != actual.length) {
      fail(file + ": " + what + " has " + actual.length + " elements, expected " + expected.length);
    }
    double worst = 0;
    int worstAt = -1;
    for (int k = 0; k < expected.length; k++) {
      double err = Math.abs(actual[k] - expected[k]);
      double budget = atol + rtol * Math.abs(expected[k]);
      if (!(err <= budget)) {
        fail(file + ": " + what + "[" + k + "] = " + actual[k] + ", expected " + expected[k]
            + " (|diff| " + err + " > " + budget + ")");
      }
      if (err / budget > worst) {
        worst = err / budget;
        worstAt = k;
      }
    }
  }

  /** Flattens rows back into one row-major array. */
  public static float[] flat(float[][] rows, int count) {
    int per = count == 0 ? 0 : rows[0].length;
    float[] out = new float[count * per];
    for (int r = 0; r < count; r++) {
      System.arraycopy(rows[r], 0, out, r * per, per);
    }
    return out;
  }

  @Override
  public String toString() {
    return file;
  }
}
