package dev.descent.spark.ml.param;

import org.apache.spark.ml.param.Param;
import scala.Function1;

/**
 * Creates the stages' string params on Spark 4.1, whose {@code Param} has the constructors
 * without a {@code ClassTag} (as 3.5 and 4.0.1 and later; only 4.0.0 had the {@code ClassTag}
 * ones). The other lines have their own copy of this class (src/main/spark-3.5/java,
 * src/main/spark-4.0/java), the one place where the lines differ.
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
