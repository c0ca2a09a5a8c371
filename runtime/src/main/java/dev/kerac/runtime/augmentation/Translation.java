package dev.kerac.runtime.augmentation;

import dev.kerac.runtime.init.Rng;

/**
 * Random translation of images {@code (height, width, channels)}, channels last: Keras
 * {@code RandomTranslation}, for generated code. Each sample draws a vertical shift
 * {@code dy = u * height} with {@code u} uniform in {@code [heightLow, heightHigh)} and a horizontal
 * shift {@code dx} likewise; a positive shift moves the image down or right. Output pixel
 * {@code (i, j)} reads the input at {@code (i - dy, j - dx)}, interpolated from its neighbours
 * ({@link #bilinear}: the four around it, weighted by distance; otherwise the nearest,
 * {@code floor(v + 0.5)}). A neighbour outside the image is mapped by the {@link Fill} mode, as Keras's
 * JAX backend ({@code map_coordinates}) does.
 *
 * <p>Translation keeps the interpolation weights of a sample the same along each axis, so they are
 * computed once per row and once per column. The backward pass spreads each output gradient back onto
 * the input pixels it was read from, with the same weights (constant fill has no gradient).
 * Allocates nothing per call once the batch capacity is reached.
 *
 * <pre>{@code
 * Translation t = new Translation(28, 28, 1, -0.1f, 0.1f, -0.1f, 0.1f, Translation.Fill.REFLECT, true, 0f,
 *     new Rng(7));
 * t.draw(batch);                  // training: new shifts for each sample
 * t.forward(x, y, batch);
 * t.backward(dy, dx, batch);      // with the shifts of the last draw
 * }</pre>
 */
public final class Translation {
  /** How the input continues beyond its edges (Keras {@code fill_mode}), for input {@code a b c d}. */
  public enum Fill {
    /** {@code d c b a | a b c d | d c b a}: mirrored about the edge. */
    REFLECT,
    /** {@code a b c d | a b c d | a b c d}. */
    WRAP,
    /** {@code k k k k | a b c d | k k k k} with {@code k} the fill value. */
    CONSTANT,
    /** {@code a a a a | a b c d | d d d d}. */
    NEAREST
  }

  private final int height;
  private final int width;
  private final int channels;
  private final float heightLow;
  private final float heightHigh;
  private final float widthLow;
  private final float widthHigh;
  private final Fill fill;
  private final boolean bilinear;
  private final float fillValue;
  private final Rng rng;

  /** Per sample: the vertical and horizontal shift, in pixels. */
  private float[] shifts = new float[0];
  // Per output row (column): the two input rows (columns) read, -1 for the constant fill, and weights.
  private final int[] rowA;
  private final int[] rowB;
  private final float[] rowWeightA;
  private final float[] rowWeightB;
  private final int[] colA;
  private final int[] colB;
  private final float[] colWeightA;
  private final float[] colWeightB;

  /**
   * @param heightLow lower bound of the vertical shift, as a fraction of the height, in [-1, 1]
   * @param heightHigh upper bound, at least {@code heightLow}, at most 1
   * @param widthLow lower bound of the horizontal shift, as a fraction of the width
   * @param widthHigh upper bound
   * @param bilinear bilinear interpolation, else nearest
   * @param fillValue the value beyond the edges with {@link Fill#CONSTANT}
   * @param rng the layer's generator
   */
  public Translation(int height, int width, int channels, float heightLow, float heightHigh, float widthLow,
      float widthHigh, Fill fill, boolean bilinear, float fillValue, Rng rng) {
    if (height < 1 || width < 1 || channels < 1) {
      throw new IllegalArgumentException("image shape must be positive, got (" + height + ", " + width + ", "
          + channels + ")");
    }
    checkRange("height", heightLow, heightHigh);
    checkRange("width", widthLow, widthHigh);
    this.height = height;
    this.width = width;
    this.channels = channels;
    this.heightLow = heightLow;
    this.heightHigh = heightHigh;
    this.widthLow = widthLow;
    this.widthHigh = widthHigh;
    this.fill = fill;
    this.bilinear = bilinear;
    this.fillValue = fillValue;
    this.rng = rng;
    rowA = new int[height];
    rowB = new int[height];
    rowWeightA = new float[height];
    rowWeightB = new float[height];
    colA = new int[width];
    colB = new int[width];
    colWeightA = new float[width];
    colWeightB = new float[width];
  }

  private static void checkRange(String axis, float low, float high) {
    if (!(low >= -1 && low <= high && high <= 1)) {
      throw new IllegalArgumentException(axis + " factor must be a range within [-1, 1], got [" + low + ", "
          + high + "]");
    }
  }

  /** Draws the shifts of samples {@code [0, batch)}: vertical first, then horizontal, sample by sample. */
  public void draw(int batch) {
    if (shifts.length < 2 * batch) {
      shifts = new float[2 * batch]; // only when the batch outgrows every earlier one
    }
    for (int b = 0; b < batch; b++) {
      shifts[2 * b] = (heightLow + (heightHigh - heightLow) * rng.nextFloat()) * height;
      shifts[2 * b + 1] = (widthLow + (widthHigh - widthLow) * rng.nextFloat()) * width;
    }
  }

  /** The shift of sample {@code b} from the last {@link #draw}: {@code {dy, dx}} in pixels (allocates; for inspection). */
  public float[] shift(int b) {
    return new float[] {shifts[2 * b], shifts[2 * b + 1]};
  }

  /** {@code y[b]} = {@code x[b]} translated by the drawn shifts, for {@code b < batch}. */
  public void forward(float[][] x, float[][] y, int batch) {
    int c = channels;
    for (int b = 0; b < batch; b++) {
      taps(b);
      float[] in = x[b];
      float[] out = y[b];
      for (int i = 0; i < height; i++) {
        int ra = rowA[i];
        int rb = rowB[i];
        float wa = rowWeightA[i];
        float wb = rowWeightB[i];
        for (int j = 0; j < width; j++) {
          int ca = colA[j];
          int cb = colB[j];
          float va = colWeightA[j];
          float vb = colWeightB[j];
          int o = (i * width + j) * c;
          for (int k = 0; k < c; k++) {
            out[o + k] = wa * (va * read(in, ra, ca, k) + vb * read(in, ra, cb, k))
                + wb * (va * read(in, rb, ca, k) + vb * read(in, rb, cb, k));
          }
        }
      }
    }
  }

  private float read(float[] in, int r, int col, int k) {
    return r < 0 || col < 0 ? fillValue : in[(r * width + col) * channels + k];
  }

  /** {@code dx[b]} = the gradient of the last forward pass's input, from {@code dy[b]}. */
  public void backward(float[][] dy, float[][] dx, int batch) {
    int c = channels;
    for (int b = 0; b < batch; b++) {
      taps(b);
      float[] g = dy[b];
      float[] out = dx[b];
      java.util.Arrays.fill(out, 0, height * width * c, 0f);
      for (int i = 0; i < height; i++) {
        for (int j = 0; j < width; j++) {
          int o = (i * width + j) * c;
          spread(out, g, o, rowA[i], colA[j], rowWeightA[i] * colWeightA[j]);
          spread(out, g, o, rowA[i], colB[j], rowWeightA[i] * colWeightB[j]);
          spread(out, g, o, rowB[i], colA[j], rowWeightB[i] * colWeightA[j]);
          spread(out, g, o, rowB[i], colB[j], rowWeightB[i] * colWeightB[j]);
        }
      }
    }
  }

  private void spread(float[] out, float[] g, int o, int r, int col, float weight) {
    if (r < 0 || col < 0 || weight == 0f) {
      return;
    }
    int p = (r * width + col) * channels;
    for (int k = 0; k < channels; k++) {
      out[p + k] += weight * g[o + k];
    }
  }

  /** The rows and columns sample {@code b} reads, with their weights. */
  private void taps(int b) {
    axis(shifts[2 * b], height, rowA, rowB, rowWeightA, rowWeightB);
    axis(shifts[2 * b + 1], width, colA, colB, colWeightA, colWeightB);
  }

  private void axis(float shift, int n, int[] a, int[] bb, float[] wa, float[] wb) {
    for (int o = 0; o < n; o++) {
      float v = o - shift;
      if (bilinear) {
        float lo = (float) Math.floor(v);
        float f = v - lo;
        a[o] = index((int) lo, n);
        bb[o] = index((int) lo + 1, n);
        wa[o] = 1f - f;
        wb[o] = f;
      } else {
        a[o] = index((int) Math.floor(v + 0.5f), n);
        bb[o] = a[o];
        wa[o] = 1f;
        wb[o] = 0f;
      }
    }
  }

  /** Input index {@code k} of an axis of length {@code n}, mapped by the fill mode; -1 for the fill value. */
  int index(int k, int n) {
    if (k >= 0 && k < n) {
      return k;
    }
    switch (fill) {
      case CONSTANT:
        return -1;
      case NEAREST:
        return k < 0 ? 0 : n - 1;
      case WRAP:
        return Math.floorMod(k, n);
      default: {
        int m = Math.floorMod(k, 2 * n); // REFLECT: period 2n, mirrored in the second half
        return m < n ? m : 2 * n - 1 - m;
      }
    }
  }
}
