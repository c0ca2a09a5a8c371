package dev.kerac.runtime.optimizers;

import dev.kerac.runtime.io.NamedTensor;
import dev.kerac.runtime.kernels.Workers;
import dev.kerac.runtime.model.Parameter;
import dev.kerac.runtime.optimizers.schedules.LearningRateSchedule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Keras optimizer: updates trainable {@link Parameter}s from their gradients, one step per
 * {@link #apply} call, exactly as Keras 3 does (gradient clipping, then decoupled weight decay, then the
 * optimizer's update rule; see the subclasses for the rules).
 *
 * <p>The common Keras arguments are set with fluent methods: {@code clipnorm}, {@code clipvalue},
 * {@code global_clipnorm} (at most one of the three), {@code weight_decay}. They return
 * {@code Optimizer}, so set an optimizer's own arguments (its constructor or its setters) first:
 *
 * <pre>{@code
 * Optimizer opt = new Adam(1e-3).amsgrad(true).clipnorm(1.0).weightDecay(1e-4);
 * List<Parameter> params = ...;           // the model's trainable parameters, same list every step
 * for (int step = 0; step < steps; step++) {
 *   // forward + backward fill p.grad() for every parameter
 *   opt.apply(params);
 * }
 * }</pre>
 *
 * <p>The slots (moments, accumulators) are allocated on the first {@link #apply} (or by {@link #build}),
 * with the row layout of each parameter; after that a step allocates nothing. Clipping is done in
 * place: after {@code apply} the gradient buffers hold the clipped gradients. The update arithmetic is
 * float32, as Keras's; norms and per-step scalars (bias corrections) are computed in double.
 *
 * <p>Not thread-safe. Not implemented from Keras: EMA, gradient accumulation, loss scaling and
 * constraints.
 */
public abstract class Optimizer {
  private final String name;
  private double learningRate;
  private LearningRateSchedule schedule;
  private double clipnorm;
  private double clipvalue;
  private double globalClipnorm;
  private double weightDecay;
  private final List<Pattern> weightDecayExclusions = new ArrayList<>();
  private long iterations;

  // Built state: the parameter list seen on the first step, per-parameter decay flags, the slots.
  private Parameter[] params;
  private boolean[] decays;
  private long trainableElements;
  private float stepLearningRate;
  private final Workers.Task updates = this::updateRows;
  private final List<NamedTensor> variables = new ArrayList<>();
  private final List<NamedTensor> variablesView = Collections.unmodifiableList(variables);

  /**
   * @param name the Keras name, e.g. {@code adam}; slot variables are named {@code name/slot/path}
   * @param learningRate a constant learning rate
   */
  protected Optimizer(String name, double learningRate) {
    this.name = name;
    setLearningRate(learningRate);
  }

  /**
   * @param name the Keras name
   * @param schedule a learning-rate schedule, evaluated at {@link #iterations()} before each step
   */
  protected Optimizer(String name, LearningRateSchedule schedule) {
    this.name = name;
    setLearningRate(schedule);
  }

  // ---------------------------------------------------------------- configuration

  /** The Keras name, e.g. {@code adam}. */
  public String name() {
    return name;
  }

  /** The current learning rate: the schedule evaluated at {@link #iterations()}, or the constant. */
  public double learningRate() {
    return schedule != null ? schedule.at(iterations) : learningRate;
  }

  /** The schedule, or {@code null} when the learning rate is a constant. */
  public LearningRateSchedule learningRateSchedule() {
    return schedule;
  }

  /**
   * Sets a constant learning rate, replacing any schedule (what {@code ReduceLROnPlateau} does).
   *
   * @throws IllegalArgumentException if {@code lr} is negative or not finite
   */
  public void setLearningRate(double lr) {
    if (!(lr >= 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("learning_rate must be a finite number >= 0, got " + lr);
    }
    this.learningRate = lr;
    this.schedule = null;
  }

  /** Uses {@code schedule} for the learning rate from now on. */
  public void setLearningRate(LearningRateSchedule schedule) {
    if (schedule == null) {
      throw new IllegalArgumentException("learning_rate schedule must not be null");
    }
    this.schedule = schedule;
  }

  /** The number of steps applied so far (Keras {@code iterations}). */
  public long iterations() {
    return iterations;
  }

  /** Sets the step counter, e.g. when restoring a checkpoint. */
  public void setIterations(long iterations) {
    if (iterations < 0) {
      throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
    }
    this.iterations = iterations;
  }

  /**
   * Clips each parameter's gradient to L2 norm at most {@code c} ({@code g * c / max(|g|, c)}); 0
   * disables it. Keras {@code clipnorm}.
   */
  public Optimizer clipnorm(double c) {
    this.clipnorm = checkClip("clipnorm", c);
    return this;
  }

  /**
   * Scales all gradients together so their global L2 norm is at most {@code c}; 0 disables it. Keras
   * {@code global_clipnorm}.
   */
  public Optimizer globalClipnorm(double c) {
    this.globalClipnorm = checkClip("global_clipnorm", c);
    return this;
  }

  /** Clips every gradient element to {@code [-c, c]}; 0 disables it. Keras {@code clipvalue}. */
  public Optimizer clipvalue(double c) {
    this.clipvalue = checkClip("clipvalue", c);
    return this;
  }

  /**
   * Decoupled weight decay {@code w -= w * wd * lr}, applied before the update to every trained
   * parameter (biases included) not excluded by {@link #excludeFromWeightDecay}; 0 disables it.
   */
  public Optimizer weightDecay(double wd) {
    if (!(wd >= 0) || Double.isInfinite(wd)) {
      throw new IllegalArgumentException("weight_decay must be a finite number >= 0, got " + wd);
    }
    this.weightDecay = wd;
    return this;
  }

  /**
   * Exempts from weight decay every parameter whose path ({@code layer/name}) contains a match of one of
   * the regular expressions, as Keras {@code exclude_from_weight_decay(var_names=...)}; e.g.
   * {@code "bias"}. Must be called before the first step.
   */
  public Optimizer excludeFromWeightDecay(String... varNamePatterns) {
    if (params != null) {
      throw new IllegalStateException("exclude_from_weight_decay must be set before the first step");
    }
    for (String p : varNamePatterns) {
      weightDecayExclusions.add(Pattern.compile(p));
    }
    return this;
  }

  public double clipnorm() {
    return clipnorm;
  }

  public double globalClipnorm() {
    return globalClipnorm;
  }

  public double clipvalue() {
    return clipvalue;
  }

  public double weightDecay() {
    return weightDecay;
  }

  private double checkClip(String what, double c) {
    if (!(c >= 0) || Double.isInfinite(c)) {
      throw new IllegalArgumentException(what + " must be a finite number >= 0 (0 = off), got " + c);
    }
    int others = (clipnorm > 0 && !what.equals("clipnorm") ? 1 : 0)
        + (globalClipnorm > 0 && !what.equals("global_clipnorm") ? 1 : 0)
        + (clipvalue > 0 && !what.equals("clipvalue") ? 1 : 0);
    if (c > 0 && others > 0) {
      throw new IllegalArgumentException(
          "only one of clipnorm, clipvalue and global_clipnorm can be set; got " + what + "=" + c
              + " with clipnorm=" + clipnorm + ", clipvalue=" + clipvalue + ", global_clipnorm="
              + globalClipnorm);
    }
    return c;
  }

  // ---------------------------------------------------------------- slots

  /**
   * Allocates the slots for {@code params} (done by the first {@link #apply} otherwise), e.g. so that a
   * weight file can restore {@link #variables()} before training resumes. Calling it again with the
   * same parameters does nothing.
   *
   * @throws IllegalStateException if already built for other parameters
   */
  public final void build(List<Parameter> params) {
    if (this.params != null) {
      checkSameParameters(params);
      return;
    }
    Parameter[] ps = params.toArray(new Parameter[0]);
    Set<String> paths = new HashSet<>();
    boolean[] decay = new boolean[ps.length];
    for (int i = 0; i < ps.length; i++) {
      if (ps[i] == null) {
        throw new IllegalArgumentException("parameter " + i + " is null");
      }
      if (!paths.add(ps[i].path())) {
        throw new IllegalArgumentException("parameter path " + ps[i].path() + " appears twice");
      }
      decay[i] = !isExcluded(ps[i].path());
    }
    long elements = 0;
    for (Parameter p : ps) {
      if (p.grad() != null) {
        elements += (long) p.value().length * p.value()[0].length;
      }
    }
    this.params = ps;
    this.decays = decay;
    this.trainableElements = elements;
    createSlots(ps);
  }

  private boolean isExcluded(String path) {
    for (Pattern p : weightDecayExclusions) {
      if (p.matcher(path).find()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The slot variables in Keras creation order (empty before the optimizer is built), named
   * {@code <name>/<keras slot>/<layer>/<variable>}, e.g. {@code adam/momentum/hidden1/kernel}. Weight
   * files save them and restore them in place; save {@link #iterations()} alongside.
   */
  public List<NamedTensor> variables() {
    return variablesView;
  }

  /**
   * Creates the optimizer's slots with {@link #slot}, in Keras order. Non-trainable parameters (no
   * gradient) get no slot.
   */
  protected abstract void createSlots(Parameter[] params);

  /** A new slot shaped like {@code p}'s values, filled with {@code initial} and registered by name. */
  protected final float[][] slot(Parameter p, String slotName, float initial) {
    float[][] value = p.value();
    float[][] rows = new float[value.length][];
    for (int r = 0; r < rows.length; r++) {
      rows[r] = new float[value[r].length];
      if (initial != 0f) {
        java.util.Arrays.fill(rows[r], initial);
      }
    }
    variables.add(new NamedTensor(name + "/" + slotName + "/" + p.path(), p.shape(), rows));
    return rows;
  }

  // ---------------------------------------------------------------- the step

  /**
   * Applies one step to {@code params} using their gradients ({@link Parameter#grad()}); parameters
   * without a gradient (not trainable) are skipped. Pass the same list on every call.
   *
   * @throws IllegalArgumentException if the parameters differ from those of the first call
   */
  public final void apply(List<Parameter> params) {
    apply(params, null);
  }

  /**
   * As {@link #apply(List)}, with the element-wise updates split over {@code workers} (null: this
   * thread alone). Each element's update is the same arithmetic wherever it runs, so the result does
   * not depend on the thread count. Allocates nothing.
   */
  public final void apply(List<Parameter> params, Workers workers) {
    if (this.params == null) {
      build(params);
    } else {
      checkSameParameters(params);
    }
    Parameter[] ps = this.params;
    float lr = (float) learningRate();
    if (clipnorm > 0) {
      for (int i = 0; i < ps.length; i++) {
        float[][] g = ps[i].grad();
        if (g != null) {
          double norm = Math.sqrt(sumOfSquares(g));
          if (norm > clipnorm) {
            scale(g, (float) (clipnorm / norm));
          }
        }
      }
    } else if (globalClipnorm > 0) {
      double total = 0;
      for (int i = 0; i < ps.length; i++) {
        float[][] g = ps[i].grad();
        if (g != null) {
          total += sumOfSquares(g);
        }
      }
      double norm = Math.sqrt(total);
      if (norm > globalClipnorm) {
        float s = (float) (globalClipnorm / norm);
        for (int i = 0; i < ps.length; i++) {
          float[][] g = ps[i].grad();
          if (g != null) {
            scale(g, s);
          }
        }
      }
    } else if (clipvalue > 0) {
      float c = (float) clipvalue;
      for (int i = 0; i < ps.length; i++) {
        float[][] g = ps[i].grad();
        if (g != null) {
          clip(g, c);
        }
      }
    }
    if (weightDecay > 0) {
      float wdlr = (float) weightDecay * lr;
      for (int i = 0; i < ps.length; i++) {
        if (ps[i].grad() != null && decays[i]) {
          decay(ps[i].value(), wdlr);
        }
      }
    }
    long step = iterations + 1;
    prepareStep(step, lr);
    stepLearningRate = lr;
    if (workers == null || workers.threads() == 1) {
      updates.run(0, 1);
    } else {
      workers.run(updates);
    }
    iterations = step;
  }

  /**
   * Part {@code part} of {@code parts} of the step's updates: the trainable rows, in order, cut into
   * parts of about the same number of elements (whole rows each).
   */
  private void updateRows(int part, int parts) {
    Parameter[] ps = params;
    long total = trainableElements;
    long from = total * part / parts;
    long to = total * (part + 1) / parts;
    long start = 0; // elements of the trainable rows before the current parameter
    for (int i = 0; i < ps.length && start < to; i++) {
      float[][] g = ps[i].grad();
      if (g == null) {
        continue;
      }
      float[][] w = ps[i].value();
      int width = w[0].length;
      long size = (long) w.length * width;
      if (start + size > from) {
        // A row belongs to the part its first element falls in.
        int r0 = (int) Math.max(0, ceilDiv(from - start, width));
        int r1 = (int) Math.min(w.length, ceilDiv(to - start, width));
        if (r0 < r1) {
          update(i, w, g, stepLearningRate, r0, r1);
        }
      }
      start += size;
    }
  }

  private static long ceilDiv(long a, long b) {
    return a <= 0 ? 0 : (a + b - 1) / b;
  }

  /**
   * Called once per step before the updates, to compute per-step scalars such as bias corrections.
   *
   * @param step the 1-based step ({@code iterations + 1}), as Keras's {@code local_step}
   * @param lr the learning rate of this step
   */
  protected void prepareStep(long step, float lr) {}

  /**
   * Updates rows {@code [r0, r1)} of parameter {@code index} (its position in the list) in place:
   * {@code w} its values, {@code g} its (clipped) gradient, both as rows. Element-wise: the rows may
   * be updated on different threads in the same step. Must not allocate.
   */
  protected abstract void update(int index, float[][] w, float[][] g, float lr, int r0, int r1);

  private void checkSameParameters(List<Parameter> params) {
    Parameter[] ps = this.params;
    if (params.size() != ps.length) {
      throw new IllegalArgumentException(
          name + " was built for " + ps.length + " parameters, got " + params.size());
    }
    for (int i = 0; i < ps.length; i++) {
      if (params.get(i) != ps[i]) {
        throw new IllegalArgumentException(
            name + " was built for parameter " + ps[i] + " at position " + i + ", got " + params.get(i));
      }
    }
  }

  private static double sumOfSquares(float[][] g) {
    // Four accumulators: a double reduction is serial otherwise.
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    for (int r = 0; r < g.length; r++) {
      float[] row = g[r];
      int n = row.length;
      int i = 0;
      for (; i + 3 < n; i += 4) {
        double a = row[i];
        double b = row[i + 1];
        double c = row[i + 2];
        double d = row[i + 3];
        s0 += a * a;
        s1 += b * b;
        s2 += c * c;
        s3 += d * d;
      }
      for (; i < n; i++) {
        double a = row[i];
        s0 += a * a;
      }
    }
    return (s0 + s1) + (s2 + s3);
  }

  private static void scale(float[][] g, float s) {
    for (int r = 0; r < g.length; r++) {
      float[] row = g[r];
      for (int i = 0; i < row.length; i++) {
        row[i] *= s;
      }
    }
  }

  private static void clip(float[][] g, float c) {
    float lo = -c;
    for (int r = 0; r < g.length; r++) {
      float[] row = g[r];
      for (int i = 0; i < row.length; i++) {
        row[i] = Math.min(Math.max(row[i], lo), c);
      }
    }
  }

  private static void decay(float[][] w, float wdlr) {
    for (int r = 0; r < w.length; r++) {
      float[] row = w[r];
      for (int i = 0; i < row.length; i++) {
        row[i] -= row[i] * wdlr;
      }
    }
  }

  // ---------------------------------------------------------------- helpers for subclasses

  /** Checks a hyper-parameter lies in {@code [lo, hi]}. */
  protected static double checkRange(String what, double v, double lo, double hi) {
    if (!(v >= lo && v <= hi)) {
      throw new IllegalArgumentException(what + " must be in [" + lo + ", " + hi + "], got " + v);
    }
    return v;
  }

  /** Throws if the slots exist: some arguments decide which slots there are. */
  protected final void checkNotBuilt(String what) {
    if (params != null) {
      throw new IllegalStateException(what + " cannot change after the first step (it decides the slots)");
    }
  }

  @Override
  public String toString() {
    return name + "(learning_rate=" + (schedule != null ? schedule : learningRate) + ")";
  }
}
