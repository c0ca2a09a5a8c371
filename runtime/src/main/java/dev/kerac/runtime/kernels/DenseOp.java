package dev.kerac.runtime.kernels;

/**
 * One Dense layer's forward and backward passes over rank-1 samples, for generated code: the matrix
 * products run on the best {@link MatrixKernels} and are split over the model's {@link Workers}
 * (output units in the forward pass, so each core reads only its slice of the kernel; kernel rows in
 * the backward pass). Every output element is computed the same way however the work is split, so
 * results do not depend on the thread count. ReLU is fused into the forward pass and applied to the
 * gradient from the layer's output in the backward pass; other activations are applied by the
 * caller on the pre-activation rows.
 *
 * <p>Created once per layer with the model; calls allocate nothing (scratch grows only with the batch
 * capacity, and the transposed kernel and inputs the backward pass needs are created on first use).
 *
 * <pre>{@code
 * DenseOp hidden = new DenseOp(workers, 784, 512, kernel.value(), bias.value()[0],
 *     kernel.grad(), bias.grad()[0], true);
 * hidden.forward(x, y, batch);                  // y = relu(x @ kernel + bias)
 * hidden.backward(x, y, dy, batch, dx);         // dy becomes dz; kernel/bias gradients += ...; dx = dz @ kernel^T
 * }</pre>
 */
public final class DenseOp implements Workers.Task {
  /** Below this many multiply-adds a pass runs on the calling thread: a hand-off costs about a microsecond. */
  static final long PARALLEL_WORK = 64 * 1024;
  /**
   * A single sample of a layer with at most this many weights uses all its inputs as they are: in
   * tiny layers, gathering the non-zero ones costs more than the rows it saves.
   */
  static final int SMALL = 4096;
  /** Ranges split between threads are multiples of this many units (the widest register block). */
  static final int ALIGN = 64;

  private static final int FORWARD = 0;
  private static final int FORWARD_ONE = 1;
  private static final int BACKWARD = 2;

  private final Workers workers;
  private final MatrixKernels kernels;
  private final int in;
  private final int units;
  private final float[][] kernel;
  private final float[] bias;
  private final float[][] kernelGrad;
  private final float[] biasGrad;
  private final boolean relu;

  // Per-thread scratch, created on first use and grown with the batch.
  private final Scratch[] scratch = new Scratch[Workers.MAX_THREADS];
  private float[][] transposed;
  /** The inputs of the running backward pass, transposed: {@code [in][capacity]}. */
  private float[][] inputs;
  /** The output gradient and the input gradient transposed, when the kernels work on kernel rows. */
  private float[][] gradientT;
  private float[][] inputGradientT;
  private float[] noBatchBias;
  private float[] noBias;
  /** 0, 1, ..., in - 1: the input positions of a small layer's single sample, all taken. */
  private final int[] all;

  // The arguments of the running pass, read by every part.
  private int mode;
  private float[][] x;
  private float[][] y;
  private float[][] dz;
  private float[][] dx;
  private int batch;
  /** How the running backward pass computes dx (read once: the kernels may switch mid-pass). */
  private boolean fromKernelRows;

  /**
   * @param workers the model's threads
   * @param in input features (kernel rows)
   * @param units output units (kernel row length)
   * @param kernel the kernel's rows, {@code [in][units]}
   * @param bias the bias, or null
   * @param kernelGrad the kernel gradient's rows, or null when the layer is not trained
   * @param biasGrad the bias gradient, or null
   * @param relu whether the activation is Keras's default {@code relu}, fused here
   */
  public DenseOp(Workers workers, int in, int units, float[][] kernel, float[] bias, float[][] kernelGrad,
      float[] biasGrad, boolean relu) {
    this(workers, Kernels.best(), in, units, kernel, bias, kernelGrad, biasGrad, relu);
  }

  /** As the other constructor, with explicit kernels (tests compare implementations). */
  public DenseOp(Workers workers, MatrixKernels kernels, int in, int units, float[][] kernel, float[] bias,
      float[][] kernelGrad, float[] biasGrad, boolean relu) {
    if (in < 1 || units < 1) {
      throw new IllegalArgumentException("a Dense layer needs in >= 1 and units >= 1, got in=" + in
          + ", units=" + units);
    }
    if (kernel.length != in || kernel[0].length != units) {
      throw new IllegalArgumentException("kernel must be " + in + " rows of " + units + ", got "
          + kernel.length + " rows of " + kernel[0].length);
    }
    if (bias != null && bias.length != units) {
      throw new IllegalArgumentException("bias must have " + units + " values, got " + bias.length);
    }
    this.workers = workers;
    this.kernels = kernels;
    this.in = in;
    this.units = units;
    this.kernel = kernel;
    this.bias = bias != null ? bias : new float[units];
    this.kernelGrad = kernelGrad;
    this.biasGrad = biasGrad;
    this.relu = relu;
    this.all = (long) in * units <= SMALL ? new int[in] : null;
    if (all != null) {
      for (int i = 0; i < in; i++) {
        all[i] = i;
      }
    }
  }

  /** The kernels in use. */
  public MatrixKernels kernels() {
    return kernels;
  }

  /** {@code y[b] = act(x[b] @ kernel + bias)} for {@code b < batch}. */
  public void forward(float[][] x, float[][] y, int batch) {
    if (batch == 1 && all != null) {
      // A tiny layer's single sample: straight to the kernel (its bookkeeping would be a fifth of it).
      kernels.linearSparse(all, x[0], in, kernel, bias, y[0], 0, units, relu, scratch(0, 0, units));
      return;
    }
    this.x = x;
    this.y = y;
    this.batch = batch;
    this.mode = batch == 1 ? FORWARD_ONE : FORWARD;
    dispatch((long) batch * in * units);
    this.x = null;
    this.y = null;
  }

  /**
   * The backward pass. {@code dy} is the gradient with respect to the output: for a fused ReLU it is
   * turned, in place, into the gradient with respect to the pre-activation, using the forward output
   * {@code y}; otherwise it must already be that ({@code y} is unused). Then the kernel and bias
   * gradients are accumulated and, when {@code dx} is not null, {@code dx = dz @ kernel^T}.
   */
  public void backward(float[][] x, float[][] y, float[][] dy, int batch, float[][] dx) {
    if (relu) {
      kernels.reluBackward(y, dy, 0, batch, units);
    }
    if (biasGrad != null) {
      kernels.biasGradient(dy, batch, biasGrad, units);
    }
    boolean rows = kernels.inputGradientFromKernelRows();
    this.fromKernelRows = rows;
    if (dx != null && !rows && transposed == null) {
      transposed = new float[units][in];
      noBias = new float[in];
    }
    if (dx != null && rows && (gradientT == null || gradientT[0].length < batch)) {
      gradientT = new float[units][batch];
      inputGradientT = new float[in][batch];
      noBatchBias = new float[batch];
    }
    if (dx != null && rows) {
      kernels.transpose(dy, gradientT, 0, batch, 0, units); // every part reads all of it
    }
    if (kernelGrad != null && (inputs == null || inputs[0].length < batch)) {
      inputs = new float[in][batch];
    }
    this.x = x;
    this.dz = dy;
    this.dx = dx;
    this.batch = batch;
    this.mode = BACKWARD;
    dispatch((long) batch * in * units * (dx == null ? 1 : 2));
    this.x = null;
    this.dz = null;
    this.dx = null;
  }

  private void dispatch(long work) {
    if (work < PARALLEL_WORK || workers.threads() == 1) {
      run(0, 1);
    } else {
      workers.run(this);
    }
  }

  @Override
  public void run(int part, int parts) {
    switch (mode) {
      case FORWARD -> forwardPart(part, parts);
      case FORWARD_ONE -> forwardOnePart(part, parts);
      default -> backwardPart(part, parts);
    }
  }

  private void forwardPart(int part, int parts) {
    Scratch s = scratch(part, in, units);
    if (units >= 2 * ALIGN || parts == 1) {
      int o0 = start(units, part, parts);
      int o1 = start(units, part + 1, parts);
      if (o0 < o1) {
        kernels.linear(x, 0, batch, kernel, bias, y, in, o0, o1, relu, s);
      }
    } else {
      // Few units (an output layer): split the samples instead, four at a time.
      int tiles = (batch + 3) / 4;
      int b0 = Math.min(batch, tiles * part / parts * 4);
      int b1 = Math.min(batch, tiles * (part + 1) / parts * 4);
      if (b0 < b1) {
        kernels.linear(x, b0, b1, kernel, bias, y, in, 0, units, relu, s);
      }
    }
  }

  private void forwardOnePart(int part, int parts) {
    int o0 = start(units, part, parts);
    int o1 = start(units, part + 1, parts);
    if (o0 >= o1) {
      return;
    }
    Scratch s = scratch(part, in, units);
    if (all != null) {
      kernels.linearSparse(all, x[0], in, kernel, bias, y[0], o0, o1, relu, s);
      return;
    }
    int[] ii = s.idx;
    float[] vv = s.val;
    int n = MatrixKernels.gather(x[0], in, ii, vv);
    kernels.linearSparse(ii, vv, n, kernel, bias, y[0], o0, o1, relu, s);
  }

  private void backwardPart(int part, int parts) {
    // Kernel rows [i0, i1): the inputs' columns i0..i1 transposed, the rows' gradient, and dx[.][i0, i1)
    // from those rows (or from their columns of the transposed kernel): no barrier needed.
    int i0 = start(in, part, parts);
    int i1 = start(in, part + 1, parts);
    if (i0 >= i1) {
      return;
    }
    Scratch s = scratch(part, Math.max(Math.max(in, units), batch), Math.max(in, units));
    if (kernelGrad != null) {
      kernels.transpose(x, inputs, 0, batch, i0, i1);
      kernels.weightGradient(inputs, dz, batch, kernelGrad, i0, i1, units, s);
    }
    if (dx != null && fromKernelRows) {
      // dx^T[i] = kernel[i] @ dz^T for rows [i0, i1), then back to sample rows.
      kernels.linear(kernel, i0, i1, gradientT, noBatchBias, inputGradientT, units, 0, batch, false, s);
      kernels.transpose(inputGradientT, dx, i0, i1, 0, batch);
    } else if (dx != null) {
      kernels.transpose(kernel, transposed, i0, i1, 0, units);
      kernels.linear(dz, 0, batch, transposed, noBias, dx, units, i0, i1, false, s);
    }
  }

  /** Where part {@code part} of {@code parts} starts in {@code [0, n)}, in multiples of {@link #ALIGN}. */
  static int start(int n, int part, int parts) {
    if (part == parts) {
      return n;
    }
    int blocks = (n + ALIGN - 1) / ALIGN;
    return Math.min(n, blocks * part / parts * ALIGN);
  }

  /** Part {@code part}'s scratch with lists of {@code list} and a row of {@code row}. */
  private Scratch scratch(int part, int list, int row) {
    Scratch s = scratch[part];
    if (s == null) {
      s = new Scratch();
      scratch[part] = s;
    }
    return s.ensure(list, row);
  }
}
