package dev.kerac.runtime.optimizers;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Creates optimizers from Keras names and configs, as {@code compile(optimizer="adam")} and
 * {@code keras.optimizers.deserialize} do.
 *
 * <pre>{@code
 * Optimizer a = Optimizers.byName("rmsprop");                  // Keras defaults
 * Optimizer b = Optimizers.fromConfig("Adam", Map.of("learning_rate", 3e-4, "amsgrad", true));
 * }</pre>
 */
public final class Optimizers {
  private Optimizers() {}

  /** The names {@link #byName} accepts (snake_case ids; class names are accepted too). */
  public static final Set<String> NAMES =
      Set.of("sgd", "adam", "adamw", "rmsprop", "adagrad", "adadelta", "adamax", "nadam");

  /**
   * A new optimizer with Keras defaults, by Keras id or class name ({@code "adam"}, {@code "Adam"},
   * {@code "SGD"}, ...).
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static Optimizer byName(String name) {
    String key = name == null ? "" : name.toLowerCase(Locale.ROOT);
    switch (key) {
      case "sgd":
        return new SGD();
      case "adam":
        return new Adam();
      case "adamw":
        return new AdamW();
      case "rmsprop":
        return new RMSprop();
      case "adagrad":
        return new Adagrad();
      case "adadelta":
        return new Adadelta();
      case "adamax":
        return new Adamax();
      case "nadam":
        return new Nadam();
      default:
        throw new IllegalArgumentException(
            "unknown optimizer '" + name + "'; expected one of " + NAMES.stream().sorted().toList());
    }
  }

  /**
   * A new optimizer from a Keras class name and its {@code get_config()} arguments (Keras names; missing
   * ones take Keras defaults; {@code null} means Keras {@code None}). The learning rate must be a number.
   *
   * @throws IllegalArgumentException for an unknown class, an unknown or unsupported argument, or a
   *     value of the wrong type
   */
  public static Optimizer fromConfig(String className, Map<String, ?> config) {
    Optimizer opt = byName(className);
    Config c = new Config(className, config);
    if (config.containsKey("learning_rate")) {
      opt.setLearningRate(c.number("learning_rate"));
    }
    if (opt instanceof SGD o) {
      o.momentum(c.number("momentum", o.momentum()));
      o.nesterov(c.bool("nesterov", o.nesterov()));
    } else if (opt instanceof Adam o) {
      o.beta1(c.number("beta_1", o.beta1()));
      o.beta2(c.number("beta_2", o.beta2()));
      o.epsilon(c.number("epsilon", o.epsilon()));
      o.amsgrad(c.bool("amsgrad", o.amsgrad()));
    } else if (opt instanceof RMSprop o) {
      o.rho(c.number("rho", o.rho()));
      o.momentum(c.number("momentum", o.momentum()));
      o.epsilon(c.number("epsilon", o.epsilon()));
      o.centered(c.bool("centered", o.centered()));
    } else if (opt instanceof Adagrad o) {
      o.initialAccumulatorValue(c.number("initial_accumulator_value", o.initialAccumulatorValue()));
      o.epsilon(c.number("epsilon", o.epsilon()));
    } else if (opt instanceof Adadelta o) {
      o.rho(c.number("rho", o.rho()));
      o.epsilon(c.number("epsilon", o.epsilon()));
    } else if (opt instanceof Adamax o) {
      o.beta1(c.number("beta_1", o.beta1()));
      o.beta2(c.number("beta_2", o.beta2()));
      o.epsilon(c.number("epsilon", o.epsilon()));
    } else if (opt instanceof Nadam o) {
      o.beta1(c.number("beta_1", o.beta1()));
      o.beta2(c.number("beta_2", o.beta2()));
      o.epsilon(c.number("epsilon", o.epsilon()));
    }
    if (config.containsKey("weight_decay")) {
      if (opt instanceof AdamW && config.get("weight_decay") == null) {
        throw new IllegalArgumentException("AdamW needs a weight_decay, got None");
      }
      opt.weightDecay(c.number("weight_decay", 0));
    }
    opt.clipnorm(c.number("clipnorm", 0));
    opt.clipvalue(c.number("clipvalue", 0));
    opt.globalClipnorm(c.number("global_clipnorm", 0));
    c.unsupported("use_ema", Boolean.FALSE);
    c.unsupported("loss_scale_factor", null);
    c.unsupported("gradient_accumulation_steps", null);
    c.checkAllRead();
    return opt;
  }

  /** Reads typed values from a config map and remembers which keys were read. */
  private static final class Config {
    private final String className;
    private final Map<String, ?> map;
    private final java.util.Set<String> read = new java.util.HashSet<>();

    Config(String className, Map<String, ?> map) {
      this.className = className;
      this.map = map;
      // Keys with no effect on the arithmetic.
      read.add("name");
      read.add("ema_momentum");
      read.add("ema_overwrite_frequency");
      read.add("learning_rate");
    }

    double number(String key) {
      read.add(key);
      Object v = map.get(key);
      if (v instanceof Number n) {
        return n.doubleValue();
      }
      throw new IllegalArgumentException(
          className + " " + key + " must be a number, got " + v
              + (v instanceof Map ? " (learning-rate schedules are set with setLearningRate)" : ""));
    }

    double number(String key, double dflt) {
      read.add(key);
      Object v = map.get(key);
      return v == null ? dflt : number(key);
    }

    boolean bool(String key, boolean dflt) {
      read.add(key);
      Object v = map.get(key);
      if (v == null) {
        return dflt;
      }
      if (v instanceof Boolean b) {
        return b;
      }
      throw new IllegalArgumentException(className + " " + key + " must be true or false, got " + v);
    }

    void unsupported(String key, Object neutral) {
      read.add(key);
      Object v = map.get(key);
      if (v != null && !v.equals(neutral)) {
        throw new IllegalArgumentException(
            className + " " + key + "=" + v + " is not supported by kerac");
      }
    }

    void checkAllRead() {
      for (String key : map.keySet()) {
        if (!read.contains(key)) {
          throw new IllegalArgumentException(
              "unknown " + className + " argument '" + key + "'; known: " + read.stream().sorted().toList());
        }
      }
    }
  }
}
