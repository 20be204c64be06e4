package dev.descent.spark.ml.param;

import java.io.Serializable;
import java.util.List;
import scala.Function1;

/**
 * The validator of a param that takes one of a few names. Spark's {@code ParamValidators.inArray}
 * only makes {@code set} fail with "given invalid value"; this one fails naming the param, the
 * value and every valid choice, which is what a user needs to fix the call.
 */
public final class Choices {

  private Choices() {}

  /** Accepts the values in {@code names}; any other fails, listing them. */
  public static Function1<String, Object> oneOf(String param, List<String> names) {
    List<String> allowed = List.copyOf(names);
    return (Function1<String, Object> & Serializable) value -> {
      if (!allowed.contains(value)) {
        throw new IllegalArgumentException(param + " '" + value + "' is not known; use one of "
            + allowed);
      }
      return true;
    };
  }
}
