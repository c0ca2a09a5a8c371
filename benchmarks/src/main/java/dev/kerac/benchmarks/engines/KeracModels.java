package dev.kerac.benchmarks.engines;

import dev.kerac.benchmarks.Npz;
import dev.kerac.benchmarks.PeerModel;
import dev.kerac.runtime.io.Npy;
import dev.kerac.runtime.model.Model;
import dev.kerac.runtime.model.Parameter;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the kerac model of a peer model by naming convention: peer model {@code cnn} is the annotated
 * class {@code dev.kerac.benchmarks.models.Cnn}, compiled to {@code Kerac_Cnn}. Adding a kerac model to
 * the benchmarks is adding that one annotated class (with Keras's default layer names, so the
 * {@code .npz} weights match by name); the run plan picks it up.
 *
 * <pre>{@code
 * if (KeracModels.exists(PeerModel.CNN)) {
 *   Model m = KeracModels.create(PeerModel.CNN, 64);   // weights loaded from cnn.keras-weights.npz
 * }
 * }</pre>
 */
public final class KeracModels {
  private KeracModels() {}

  private static String className(PeerModel model) {
    String id = model.id();
    return "dev.kerac.benchmarks.models.Kerac_" + Character.toUpperCase(id.charAt(0)) + id.substring(1);
  }

  /** Whether the generated kerac class for {@code model} is on the class path. */
  public static boolean exists(PeerModel model) {
    try {
      Class.forName(className(model), false, KeracModels.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /**
   * A new kerac model for batches of up to {@code capacity} samples, with the peer weights.
   *
   * @throws IllegalArgumentException when no kerac class exists for {@code model}
   */
  public static Model create(PeerModel model, int capacity) {
    Model m;
    try {
      m = (Model) Class.forName(className(model))
          .getConstructor(int.class, long.class)
          .newInstance(capacity, 42L);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("kerac has no model for '" + model.id() + "' yet: add the"
          + " annotated class " + className(model).replace("Kerac_", ""), e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("constructing " + className(model) + " failed", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + className(model), e);
    }
    load(m, model.weights());
    return m;
  }

  /**
   * Sets every parameter of {@code m} from the {@code .npz} entry of the same name (Keras layouts are
   * kerac's), checking that names and shapes match one to one.
   */
  public static void load(Model m, Npz npz) {
    List<String> names = npz.weightNames();
    Set<String> used = new HashSet<>();
    for (Parameter p : m.parameters()) {
      if (!names.contains(p.path())) {
        throw new IllegalStateException("kerac parameter " + p + " has no entry in the .npz, which"
            + " holds " + names);
      }
      Npy.Array a = npz.get(p.path());
      if (!Arrays.equals(a.shape(), p.shape())) {
        throw new IllegalStateException("kerac parameter " + p + " has shape "
            + Arrays.toString(p.shape()) + ", the .npz entry " + npz.shapeOf(p.path()));
      }
      p.set(a.data());
      used.add(p.path());
    }
    if (used.size() != names.size()) {
      throw new IllegalStateException("the .npz entries " + names + " are not all kerac parameters "
          + m.parameters());
    }
  }
}
