package dev.descent.spark.ml.data;

/** A row that cannot be trained on; the message names the column and the value. */
public final class InvalidRowException extends IllegalArgumentException {

  public InvalidRowException(String message) {
    super(message);
  }
}
