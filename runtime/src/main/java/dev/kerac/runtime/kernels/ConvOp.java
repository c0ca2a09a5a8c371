package dev.kerac.runtime.kernels;

/**
 * One 2-D convolution layer's forward and backward passes (channels last, {@code groups == 1}; a 1-D
 * layer is a 2-D one of height 1), for generated code: im2col plus the {@link MatrixKernels} products.
 * The Keras kernel {@code [kh, kw, C, F]} is {@code kh*kw*C} rows of {@code F} filters, a Dense kernel
 * over the receptive field: each output position's patch (its taps' channels in kernel-row order,
 * zeros where a tap lands in the padding) is a row, and {@code positions = patches @ kernel + bias}.
 * Samples are NHWC rows ({@code float[H*W*C]}).
 *
 * <p>The chains (each element is computed the same way whatever the thread count and with the scalar
 * or the Vector API kernels, so results are bit-identical across both):
 * <ul>
 *   <li>output {@code y[b][o][f]}: {@link MatrixKernels#linear}'s, {@code y = bias[f]}, then
 *       {@code y = fma(patch_r, kernel[r][f], y)} over kernel rows {@code r} in order, then ReLU;
 *   <li>kernel gradient: per sample in order, {@code g = 0}, {@code g = fma(patch_r(o), dz(o), g)} over
 *       output positions {@code o} in order, then {@code gw += g} ({@link MatrixKernels#weightGradient}
 *       on the sample's transposed patches);
 *   <li>bias gradient: {@code gb += dz[b][o]} over samples, then positions, in order;
 *   <li>input gradient: per output position, {@code dpatch = 0}, {@code fma(dz_f, kernel[r][f], .)}
 *       over filters {@code f} in order; then {@code dx = 0} and the patches are added onto the
 *       positions they were read from, output positions in order, then taps in order.
 * </ul>
 * Work is split over the model's {@link Workers}: forward by samples (a single sample: by output
 * positions); backward by kernel rows for the kernel gradient and by samples for the input gradient.
 *
 * <p>Created once per layer with the model; calls allocate nothing after the first at a given batch size
 * (per-thread patches and scratch are created on first use).
 *
 * <pre>{@code
 * // Conv2D(32, 3x3, 'valid', relu) on 28x28x1 inputs: rows and columns 28 -> 26
 * ConvOp conv = new ConvOp(workers, new ConvOp.Axis(28, 26, 3, 1, 1, 0), new ConvOp.Axis(28, 26, 3, 1, 1, 0),
 *     1, 32, kernel.value(), bias.value()[0], kernel.grad(), bias.grad()[0], true);
 * conv.forward(x, y, batch);                 // y[b] = relu(conv(x[b]) + bias), NHWC rows
 * conv.backward(x, y, dy, batch, dx);        // dy becomes dz; kernel/bias gradients += ...; dx (or null)
 * }</pre>
 */
public final class ConvOp implements Workers.Task {

  /**
   * One spatial axis: output position {@code o}'s tap {@code a} reads input position
   * {@code o * stride + a * dilation - pad}, or zero padding when that falls outside {@code [0, in)}.
   *
   * @param in input size along the axis
   * @param out output size along the axis
   * @param kernel kernel size along the axis
   * @param stride the stride
   * @param dilation the dilation rate
   * @param pad padding before the first input ({@code 'same'}: half the total, rounded down; causal: all)
   */
  public record Axis(int in, int out, int kernel, int stride, int dilation, int pad) {
    /** Checks the sizes. */
    public Axis {
      if (in < 1 || out < 1 || kernel < 1 || stride < 1 || dilation < 1 || pad < 0) {
        throw new IllegalArgumentException("a convolution axis needs in, out, kernel, stride, dilation >= 1 and"
            + " pad >= 0, got in=" + in + ", out=" + out + ", kernel=" + kernel + ", stride=" + stride
            + ", dilation=" + dilation + ", pad=" + pad);
      }
    }

    /** The input position tap {@code a} of output {@code o} reads, or -1 for padding. */
    int source(int o, int a) {
      int t = o * stride + a * dilation - pad;
      return t < 0 || t >= in ? -1 : t;
    }
  }

  private static final int FORWARD = 0;
  private static final int BACKWARD = 1;

  private final Workers workers;
  private final MatrixKernels kernels;
  private final int channels;
  private final int filters;
  private final int inCols;
  private final int kernelCols;
  private final int taps;
  /** Kernel rows: {@code kh * kw * channels}, a patch's length. */
  private final int rows;
  private final int positions;
  /** Per output position and tap, the input position read ({@code row * inCols + col}), or -1. */
  private final int[] source;
  /**
   * The inverse of {@link #source}: input position {@code s} is read by the (output position, tap)
   * pairs {@code readerTaps[readers[s] .. readers[s + 1])}, each {@code o * taps + t}, in order of
   * {@code o}.
   */
  private final int[] readers;
  private final int[] readerTaps;
  private final float[][] kernel;
  private final float[] bias;
  private final float[][] kernelGrad;
  private final float[] biasGrad;
  private final boolean relu;
  private final float[] noBias;
  /** Below this many multiply-adds a pass runs on the calling thread (tests lower it to split small layers). */
  long parallelWork = DenseOp.PARALLEL_WORK;

  /** Per thread: patches [positions][rows], position rows [positions][filters], and scratch. */
  private final Part[] parts = new Part[Workers.MAX_THREADS];
  /** The kernel transposed, {@code [filters][rows]}, for the input gradient; refreshed each backward pass. */
  private float[][] kernelT;

  // The arguments of the running pass, read by every part.
  private int mode;
  private float[][] x;
  private float[][] y;
  private float[][] dz;
  private float[][] dx;
  private int batch;

  /**
   * @param workers the model's threads
   * @param rowAxis the height axis (for a 1-D layer: {@code new Axis(1, 1, 1, 1, 1, 0)})
   * @param colAxis the width axis
   * @param channels input channels
   * @param filters output channels
   * @param kernel the kernel's rows, {@code [kh*kw*channels][filters]}
   * @param bias the bias, or null
   * @param kernelGrad the kernel gradient's rows, or null when the layer is not trained
   * @param biasGrad the bias gradient, or null
   * @param relu whether the activation is Keras's {@code relu}, fused here
   */
  public ConvOp(Workers workers, Axis rowAxis, Axis colAxis, int channels, int filters, float[][] kernel,
      float[] bias, float[][] kernelGrad, float[] biasGrad, boolean relu) {
    this(workers, Kernels.best(), rowAxis, colAxis, channels, filters, kernel, bias, kernelGrad, biasGrad, relu);
  }

  /** As the other constructor, with explicit kernels (tests compare implementations). */
  public ConvOp(Workers workers, MatrixKernels kernels, Axis rowAxis, Axis colAxis, int channels, int filters,
      float[][] kernel, float[] bias, float[][] kernelGrad, float[] biasGrad, boolean relu) {
    if (channels < 1 || filters < 1) {
      throw new IllegalArgumentException("a convolution needs channels >= 1 and filters >= 1, got channels="
          + channels + ", filters=" + filters);
    }
    this.workers = workers;
    this.kernels = kernels;
    this.channels = channels;
    this.filters = filters;
    this.inCols = colAxis.in();
    this.kernelCols = colAxis.kernel();
    this.taps = rowAxis.kernel() * colAxis.kernel();
    this.rows = taps * channels;
    this.positions = rowAxis.out() * colAxis.out();
    if (kernel.length != rows || kernel[0].length != filters) {
      throw new IllegalArgumentException("kernel must be " + rows + " rows of " + filters + ", got "
          + kernel.length + " rows of " + kernel[0].length);
    }
    if (bias != null && bias.length != filters) {
      throw new IllegalArgumentException("bias must have " + filters + " values, got " + bias.length);
    }
    this.source = new int[positions * taps];
    for (int i = 0; i < rowAxis.out(); i++) {
      for (int j = 0; j < colAxis.out(); j++) {
        for (int a = 0; a < rowAxis.kernel(); a++) {
          for (int e = 0; e < colAxis.kernel(); e++) {
            int r = rowAxis.source(i, a);
            int c = colAxis.source(j, e);
            source[(i * colAxis.out() + j) * taps + a * kernelCols + e] = r < 0 || c < 0 ? -1 : r * inCols + c;
          }
        }
      }
    }
    int inPositions = rowAxis.in() * colAxis.in();
    this.readers = new int[inPositions + 1];
    for (int s : source) {
      if (s >= 0) {
        readers[s + 1]++;
      }
    }
    for (int s = 0; s < inPositions; s++) {
      readers[s + 1] += readers[s];
    }
    this.readerTaps = new int[readers[inPositions]];
    int[] next = java.util.Arrays.copyOf(readers, inPositions);
    for (int e = 0; e < source.length; e++) { // e = o * taps + t ascending: o in order
      if (source[e] >= 0) {
        readerTaps[next[source[e]]++] = e;
      }
    }
    this.kernel = kernel;
    this.bias = bias != null ? bias : new float[filters];
    this.kernelGrad = kernelGrad;
    this.biasGrad = biasGrad;
    this.relu = relu;
    this.noBias = new float[rows];
  }

  /** The kernels in use. */
  public MatrixKernels kernels() {
    return kernels;
  }

  /** {@code y[b] = act(conv(x[b]) + bias)} for {@code b < batch}, NHWC rows. */
  public void forward(float[][] x, float[][] y, int batch) {
    this.x = x;
    this.y = y;
    this.batch = batch;
    this.mode = FORWARD;
    dispatch((long) batch * positions * rows * filters);
    this.x = null;
    this.y = null;
  }

  /**
   * The backward pass. {@code dy} is the gradient with respect to the output: for a fused ReLU it is
   * turned, in place, into the gradient with respect to the pre-activation, using the forward output
   * {@code y}; otherwise it must already be that ({@code y} is unused). Then the kernel and bias
   * gradients are accumulated and, when {@code dx} is not null, {@code dx} is set to the input gradient.
   */
  public void backward(float[][] x, float[][] y, float[][] dy, int batch, float[][] dx) {
    if (relu) {
      kernels.reluBackward(y, dy, 0, batch, positions * filters);
    }
    if (dx != null) {
      if (kernelT == null) {
        kernelT = new float[filters][rows];
      }
      kernels.transpose(kernel, kernelT, 0, rows, 0, filters);
    }
    this.x = x;
    this.dz = dy;
    this.dx = dx;
    this.batch = batch;
    this.mode = BACKWARD;
    dispatch((long) batch * positions * rows * filters * (dx == null ? 1 : 2));
    this.x = null;
    this.dz = null;
    this.dx = null;
  }

  private void dispatch(long work) {
    if (work < parallelWork || workers.threads() == 1) {
      run(0, 1);
    } else {
      workers.run(this);
    }
  }

  @Override
  public void run(int part, int parts) {
    if (mode == FORWARD) {
      forwardPart(part, parts);
    } else {
      backwardPart(part, parts);
    }
  }

  private void forwardPart(int part, int parts) {
    Part p = part(part);
    if (batch >= parts) {
      int b1 = split(batch, part + 1, parts);
      for (int b = split(batch, part, parts); b < b1; b++) {
        forwardSample(p, b, 0, positions);
      }
    } else {
      // Fewer samples than threads: each takes a slice of every sample's output positions.
      int o0 = split(positions, part, parts);
      int o1 = split(positions, part + 1, parts);
      for (int b = 0; b < batch; b++) {
        forwardSample(p, b, o0, o1);
      }
    }
  }

  /** Output positions {@code [o0, o1)} of sample {@code b}: patches, their product, into the sample row. */
  private void forwardSample(Part p, int b, int o0, int o1) {
    if (o0 >= o1) {
      return;
    }
    float[] xb = x[b];
    float[][] patches = p.patches;
    for (int o = o0; o < o1; o++) {
      im2col(xb, o, patches[o]);
    }
    float[][] out = p.out;
    kernels.linear(patches, o0, o1, kernel, bias, out, rows, 0, filters, relu, p.scratch);
    float[] yb = y[b];
    for (int o = o0; o < o1; o++) {
      System.arraycopy(out[o], 0, yb, o * filters, filters);
    }
  }

  /** Output position {@code o}'s receptive field of sample row {@code xb}, in kernel-row order. */
  private void im2col(float[] xb, int o, float[] patch) {
    int base = o * taps;
    if (channels == 1) {
      for (int t = 0; t < taps; t++) {
        int s = source[base + t];
        patch[t] = s < 0 ? 0f : xb[s];
      }
      return;
    }
    for (int t = 0; t < taps; t++) {
      int s = source[base + t];
      if (s < 0) {
        java.util.Arrays.fill(patch, t * channels, (t + 1) * channels, 0f);
      } else {
        System.arraycopy(xb, s * channels, patch, t * channels, channels);
      }
    }
  }

  private void backwardPart(int part, int parts) {
    Part p = part(part);
    // Kernel rows [r0, r1) of the gradient (in blocks of four, the kernels' row block), every sample;
    // the input gradient of samples [b0, b1). Both only read dz, x and the kernel: no barrier needed.
    int blocks = (rows + 3) / 4;
    int r0 = Math.min(rows, blocks * part / parts * 4);
    int r1 = part + 1 == parts ? rows : Math.min(rows, blocks * (part + 1) / parts * 4);
    int b0 = split(batch, part, parts);
    int b1 = split(batch, part + 1, parts);
    boolean gradients = kernelGrad != null && r0 < r1;
    if (gradients && p.patchesT == null) {
      p.patchesT = new float[rows][positions];
    }
    boolean biases = biasGrad != null && part == 0;
    float[][] d = p.out;
    for (int b = 0; b < batch; b++) {
      boolean input = dx != null && b >= b0 && b < b1;
      if (!gradients && !biases && !input) {
        continue;
      }
      // The sample's output gradient as position rows.
      float[] dzb = dz[b];
      for (int o = 0; o < positions; o++) {
        System.arraycopy(dzb, o * filters, d[o], 0, filters);
      }
      if (biases) {
        kernels.biasGradient(d, positions, biasGrad, filters);
      }
      if (gradients) {
        transposedPatches(x[b], p, r0, r1);
        kernels.weightGradient(p.patchesT, d, positions, kernelGrad, r0, r1, filters, p.scratch);
      }
      if (input) {
        kernels.linear(d, 0, positions, kernelT, noBias, p.patches, filters, 0, rows, false, p.scratch);
        col2im(p.patches, dx[b], p.scratch.row);
      }
    }
  }

  /** {@code p.patchesT[r][o]} = kernel row {@code r}'s input at output position {@code o}, rows {@code [r0, r1)}. */
  private void transposedPatches(float[] xb, Part p, int r0, int r1) {
    if (channels == 1) {
      // A row per tap: read it straight along the output positions.
      for (int r = r0; r < r1; r++) {
        float[] tr = p.patchesT[r];
        for (int o = 0; o < positions; o++) {
          int s = source[o * taps + r];
          tr[o] = s < 0 ? 0f : xb[s];
        }
      }
      return;
    }
    // Channels are contiguous: copy the patches, then transpose this part's columns of them in blocks.
    for (int o = 0; o < positions; o++) {
      im2col(xb, o, p.patches[o]);
    }
    kernels.transpose(p.patches, p.patchesT, 0, positions, r0, r1);
  }

  /**
   * Each input position's gradient: {@code 0}, plus the patch gradients of the (output position, tap)
   * pairs that read it, output positions in order, summed in a scratch row (not at an offset into the
   * sample row, which the JIT would leave scalar) and then copied.
   */
  private void col2im(float[][] dpatch, float[] dxb, float[] acc) {
    int c = channels;
    for (int s = 0; s < readers.length - 1; s++) {
      java.util.Arrays.fill(acc, 0, c, 0f);
      for (int k = readers[s]; k < readers[s + 1]; k++) {
        int e = readerTaps[k];
        float[] g = dpatch[e / taps];
        int po = (e % taps) * c;
        for (int q = 0; q < c; q++) {
          acc[q] += g[po + q];
        }
      }
      System.arraycopy(acc, 0, dxb, s * c, c);
    }
  }

  /** Where part {@code part} of {@code parts} starts in {@code [0, n)}. */
  private static int split(int n, int part, int parts) {
    return (int) ((long) n * part / parts);
  }

  private Part part(int part) {
    Part p = parts[part];
    if (p == null) {
      p = new Part(positions, rows, filters);
      parts[part] = p;
    }
    return p;
  }

  /** One thread's working memory. */
  private static final class Part {
    final float[][] patches;
    /** The patches transposed, {@code [rows][positions]}: only the backward pass needs them. */
    float[][] patchesT;
    final float[][] out;
    final Scratch scratch;

    Part(int positions, int rows, int filters) {
      patches = new float[positions][rows];
      out = new float[positions][filters];
      int n = Math.max(Math.max(rows, positions), filters);
      scratch = new Scratch().ensure(n, Math.max(rows, filters));
    }
  }
}
