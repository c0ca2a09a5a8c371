package dev.kerac.runtime.model;

/** Argument checks shared by generated models: each failure names what was expected and what was given. */
public final class Arguments {
  private Arguments() {}

  /**
   * Checks {@code rows[0..batch)}: not null, {@code 1 <= batch <= capacity}, each row of {@code size}.
   *
   * @throws IllegalArgumentException describing the first problem
   */
  public static void checkRows(float[][] rows, int batch, int size, int capacity, String name) {
    if (rows == null) {
      throw new IllegalArgumentException(name + " is null; expected " + batch + " rows of " + size);
    }
    if (batch < 1 || batch > capacity) {
      throw new IllegalArgumentException("batch must be in [1, " + capacity + "] (the model's capacity; "
          + "see ensureCapacity), got " + batch);
    }
    if (rows.length < batch) {
      throw new IllegalArgumentException(name + " has " + rows.length + " rows, expected at least " + batch);
    }
    for (int b = 0; b < batch; b++) {
      float[] r = rows[b];
      if (r == null) {
        throw new IllegalArgumentException(name + "[" + b + "] is null; expected " + size + " values");
      }
      if (r.length != size) {
        throw new IllegalArgumentException(
            name + "[" + b + "] has " + r.length + " values, expected " + size);
      }
    }
  }

  /** Checks one sample: not null and exactly {@code size} values. */
  public static void checkLength(float[] a, int size, String name) {
    if (a == null) {
      throw new IllegalArgumentException(name + " is null; expected " + size + " values");
    }
    if (a.length != size) {
      throw new IllegalArgumentException(name + " has " + a.length + " values, expected " + size);
    }
  }
}
