package dev.descent.spark.ml.param;

import org.apache.spark.ml.param.Param;
import scala.Function1;

/**
 * Creates the stages' string params on Spark 3.5, whose {@code Param} has no type information
 * (no {@code ClassTag}, which Spark 4 added for Spark Connect). The Spark 4 build has its own
 * copy of this class (src/main/spark-4/java), the one place where the lines differ.
 */
public final class StringParams {

  private StringParams() {}

  /** A string param that accepts any value. */
  public static Param<String> of(String parent, String name, String doc) {
    return new Param<>(parent, name, doc);
  }

  /** A string param whose values must pass {@code isValid}. */
  public static Param<String> of(String parent, String name, String doc,
      Function1<String, Object> isValid) {
    return new Param<>(parent, name, doc, isValid);
  }
}
