package dev.kerac.benchmarks;

import dev.kerac.runtime.io.Npy;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A NumPy {@code .npz} archive: a zip of {@code .npy} files, read with {@link Npy} in archive order.
 *
 * <pre>{@code
 * Npz npz = Npz.read(in, "seed.keras-weights.npz");
 * Npy.Array kernel = npz.get("dense/kernel");    // shape (784, 512)
 * List<String> weights = npz.weightNames();       // every entry except ref_input and ref_output
 * }</pre>
 */
public final class Npz {
  private final Map<String, Npy.Array> arrays;

  private Npz(Map<String, Npy.Array> arrays) {
    this.arrays = Collections.unmodifiableMap(arrays);
  }

  /** Reads every entry of the archive; {@code source} names it in errors. */
  public static Npz read(InputStream in, String source) throws IOException {
    Map<String, Npy.Array> arrays = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        String name = e.getName();
        if (!name.endsWith(".npy")) {
          throw new IOException(source + ": entry '" + name + "' is not a .npy file");
        }
        arrays.put(name.substring(0, name.length() - 4), Npy.read(zip, source + "/" + name));
      }
    }
    return new Npz(arrays);
  }

  /** The array named {@code name} (the entry name without {@code .npy}). */
  public Npy.Array get(String name) {
    Npy.Array a = arrays.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no array '" + name + "'; the archive has " + arrays.keySet());
    }
    return a;
  }

  /** The weight entries in archive order (Keras order): every name except {@code ref_*}. */
  public List<String> weightNames() {
    List<String> names = new ArrayList<>();
    for (String n : arrays.keySet()) {
      if (!n.startsWith("ref_")) {
        names.add(n);
      }
    }
    return names;
  }

  /** The reference input rows, flattened per sample. */
  public float[][] refInput() {
    return get("ref_input").rows();
  }

  /** The reference engine's output rows on {@link #refInput()}. */
  public float[][] refOutput() {
    return get("ref_output").rows();
  }

  /** The shape of {@code name} as a string, for messages. */
  public String shapeOf(String name) {
    return Arrays.toString(get(name).shape());
  }
}
