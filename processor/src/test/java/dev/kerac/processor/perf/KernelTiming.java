package dev.kerac.processor.perf;

import dev.kerac.runtime.kernels.Kernels;
import dev.kerac.runtime.kernels.MatrixKernels;

/**
 * Times each MatrixKernels operation alone on the seed MLP's shapes (not a test): {@code main [scalar]},
 * {@code -Din=784} for the first layer's shape, {@code --add-modules jdk.incubator.vector} for the
 * Vector API kernels.
 */
public final class KernelTiming {
  private KernelTiming() {}

  public static void main(String[] args) {
    MatrixKernels k = args.length > 0 && args[0].equals("scalar") ? Kernels.scalar() : Kernels.best();
    System.out.println(k.name());
    int batch = 64;
    int in = Integer.getInteger("in", 512);
    int units = 512;
    float[][] x = DenseTiming.data(batch, in, 3);
    float[][] dz = DenseTiming.data(batch, units, 4);
    float[][] w = DenseTiming.data(in, units, 5);
    float[][] wt = new float[units][in];
    float[][] gw = new float[in][units];
    float[] bias = new float[units];
    float[][] y = new float[batch][units];
    float[][] dx = new float[batch][in];
    dev.kerac.runtime.kernels.Scratch sc = new dev.kerac.runtime.kernels.Scratch().ensure(1024, 1024);
    double flops = 2.0 * batch * in * units;
    report("linear", DenseTiming.time(() -> k.linear(x, 0, batch, w, bias, y, in, 0, units, true, sc), 20), flops);
    float[][] xt = new float[in][batch];
    report("transpose x", DenseTiming.time(() -> k.transpose(x, xt, 0, batch, 0, in), 20), batch * in);
    report("weightGradient", DenseTiming.time(() -> k.weightGradient(xt, dz, batch, gw, 0, in, units, sc), 20), flops);
    report("transpose", DenseTiming.time(() -> k.transpose(w, wt, 0, in, 0, units), 20), in * units);
    report("linear (dx)", DenseTiming.time(() -> k.linear(dz, 0, batch, wt, bias, dx, units, 0, in, false, sc), 20), flops);
    float[][] w10 = DenseTiming.data(in, 10, 6);
    float[][] y10 = new float[batch][10];
    float[][] dz10 = DenseTiming.data(batch, 10, 7);
    float[][] g10 = new float[in][10];
    double flops10 = 2.0 * batch * in * 10;
    report("linear 512x10", DenseTiming.time(() -> k.linear(x, 0, batch, w10, bias, y10, in, 0, 10, false, sc), 200), flops10);
    report("gradient 512x10", DenseTiming.time(() -> k.weightGradient(xt, dz10, batch, g10, 0, in, 10, sc), 200), flops10);
    report("biasGradient", DenseTiming.time(() -> k.biasGradient(dz, batch, bias, units), 20), batch * units);
    report("reluBackward", DenseTiming.time(() -> k.reluBackward(y, dz, 0, batch, units), 20), batch * units);
  }

  static void report(String what, double[] ns, double flops) {
    System.out.printf("%-16s wall %9.1f us  cpu %9.1f us  %6.1f G/s%n", what, ns[0] / 1e3, ns[1] / 1e3, flops / ns[1]);
  }
}
