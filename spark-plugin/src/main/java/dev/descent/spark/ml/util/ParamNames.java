package dev.descent.spark.ml.util;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The values of a param that names one constant of an enum: each constant's name in lower case,
 * and the lookup back with the error every such param gives. One place, so that the activation,
 * synchronization and epoch-objective params spell and refuse names alike.
 */
public final class ParamNames {

  private ParamNames() {}

  /** The param values of {@code type}'s constants, in declaration order. */
  public static <E extends Enum<E>> List<String> of(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(ParamNames::of).toList();
  }

  /** The param value of {@code constant}. */
  public static String of(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /** The constant of {@code type} that the value {@code name} of {@code param} names. */
  public static <E extends Enum<E>> E named(Class<E> type, String param, String name) {
    for (E constant : type.getEnumConstants()) {
      if (of(constant).equals(name)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(param + " '" + name + "' is not one of " + of(type));
  }
}
