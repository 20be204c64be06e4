package dev.descent.spark.ml.summary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A linear model's coefficients by feature name, largest effect first. The standardized
 * coefficient is the coefficient times the feature's standard deviation over the training rows:
 * the change of the margin for one standard deviation of the feature, comparable across features
 * of different units.
 */
public final class FeatureCoefficients {

  private FeatureCoefficients() {}

  /**
   * The names of the features in column {@code field}'s ML attributes (as VectorAssembler and
   * OneHotEncoder write them), or null when it has none; an unnamed attribute gets {@code fJ}.
   */
  public static String[] names(StructField field) {
    scala.Option<Attribute[]> attributes = AttributeGroup.fromStructField(field).attributes();
    if (attributes.isEmpty()) {
      return null;
    }
    Attribute[] all = attributes.get();
    String[] names = new String[all.length];
    for (int j = 0; j < all.length; j++) {
      names[j] = all[j].name().isDefined() ? all[j].name().get() : "f" + j;
    }
    return names;
  }

  /** The columns of {@link #table}. */
  public static final StructType SCHEMA = new StructType()
      .add("output", DataTypes.IntegerType, false)
      .add("feature", DataTypes.StringType, false)
      .add("index", DataTypes.IntegerType, false)
      .add("coefficient", DataTypes.DoubleType, false)
      .add("standardizedCoefficient", DataTypes.DoubleType, true);

  /**
   * One row per output and feature: {@code output} (the class of a multinomial model's row, else
   * 0), {@code feature} (its name, {@code fJ} when unknown), {@code index}, {@code coefficient}
   * (original scale) and {@code standardizedCoefficient} (null when the standard deviations are
   * unknown, as for models saved before they were kept). Sorted by decreasing absolute
   * standardized coefficient, or absolute coefficient when unknown.
   */
  public static Dataset<Row> table(SparkSession spark, Matrix coefficients, double[] std,
      String[] names) {
    return spark.createDataFrame(rows(coefficients, std, names), SCHEMA);
  }

  /** The rows of {@link #table}, in its order. */
  public static List<Row> rows(Matrix coefficients, double[] std, String[] names) {
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < coefficients.numRows(); k++) {
      for (int j = 0; j < coefficients.numCols(); j++) {
        double beta = coefficients.apply(k, j);
        rows.add(RowFactory.create(k, names == null ? "f" + j : names[j], j, beta,
            std == null ? null : beta * std[j]));
      }
    }
    int sortBy = std == null ? 3 : 4;
    rows.sort(Comparator.comparingDouble((Row r) -> -Math.abs(r.getDouble(sortBy))));
    return rows;
  }
}
