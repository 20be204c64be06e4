package dev.descent.examples;

import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * Sets a stage's params from text ({@code name=value} pairs of a config file) through Spark's
 * Param API, so that every param of every stage, including params added later, can be set
 * without code changes. Each value is decoded by its param: a number, true/false, a JSON array
 * for array params, or a plain string.
 */
final class StageParams {

  private StageParams() {}

  /** Sets each entry of {@code values} on {@code stage}; {@code source} names them in errors. */
  static void apply(Params stage, Map<String, String> values, String source) {
    for (Map.Entry<String, String> entry : new java.util.TreeMap<>(values).entrySet()) {
      set(stage, entry.getKey(), entry.getValue(), source);
    }
  }

  /** Sets one param by name, with an error naming the key, the value and the stage. */
  static void set(Params stage, String name, String text, String source) {
    String stageName = stage.getClass().getSimpleName();
    if (!stage.hasParam(name)) {
      TreeSet<String> names = new TreeSet<>();
      for (Param<?> p : stage.params()) {
        names.add(p.name());
      }
      throw new IllegalArgumentException("unknown key '" + name + "' in " + source + ": "
          + stageName + " has no such param; its params are " + names);
    }
    String value = text.trim();
    Param<Object> param = stage.getParam(name);
    if ((param instanceof IntParam || param instanceof LongParam)
        && !value.matches("-?[0-9]+")) {
      // Spark's decoder would truncate 1.5 to 1.
      throw new IllegalArgumentException("key '" + name + "' in " + source + ": '" + value
          + "' is not an integer");
    }
    Object decoded;
    try {
      decoded = param.jsonDecode(isStringParam(param) ? jsonString(value)
          // Spark's DoubleParam decodes JSON doubles only: read "1" as 1.0.
          : param instanceof DoubleParam && value.matches("-?[0-9]+") ? value + ".0"
          : value);
    } catch (Exception | scala.NotImplementedError e) {
      // Spark's JSON parser throws Jackson's exceptions, and NotImplementedError for JSON that
      // no param type reads.
      throw new IllegalArgumentException("key '" + name + "' in " + source + ": cannot read '"
          + value + "' as a value of " + param.getClass().getSimpleName() + ": "
          + e.getMessage(), e);
    }
    try {
      stage.set(param, decoded);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key '" + name + "' in " + source + ": "
          + e.getMessage(), e);
    }
  }

  /** Spark's typed params are subclasses; a plain {@code Param} here holds a String. */
  private static boolean isStringParam(Param<?> param) {
    return param.getClass() == Param.class;
  }

  private static String jsonString(String s) {
    StringBuilder json = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (c < 0x20) {
            json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"').toString();
  }
}
