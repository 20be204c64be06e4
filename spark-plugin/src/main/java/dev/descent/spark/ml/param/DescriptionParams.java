package dev.descent.spark.ml.param;

import java.io.Serializable;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * A model's description carried by its {@code transform} output, for clients that can call no
 * model method: Spark Connect serves only the methods Spark allows for its own model types, but
 * it returns every DataFrame's schema, metadata included (see {@code util.ModelDescription}).
 */
public interface DescriptionParams extends DescentParams {

  /** The param objects of this group for one stage, created with their defaults. */
  final class Group implements Serializable {

    final Param<String> descriptionCol;

    Group(Params stage) {
      descriptionCol = StringParams.of(stage.uid(), "descriptionCol", "name of a column that"
          + " transform adds, null in every row, whose metadata holds the model as JSON: its"
          + " coefficients or layers and its training record. For clients that cannot call model"
          + " methods, such as Spark Connect's; empty (the default) adds none");
      stage.setDefault(descriptionCol, "");
    }
  }

  /** The column whose metadata describes the model; empty for none. */
  default Param<String> descriptionCol() {
    return paramGroups().get(Group.class).descriptionCol;
  }

  default String getDescriptionCol() {
    return getOrDefault(descriptionCol());
  }

  /** The setter of an estimator or model, returning it so that calls chain. */
  interface Setters<S extends Setters<S>> extends DescriptionParams {

    @SuppressWarnings("unchecked")
    default S setDescriptionCol(String value) {
      set(descriptionCol(), value);
      return (S) this;
    }
  }
}
