package dev.descent.spark.ml.engine;

import java.io.Serializable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * A value one Spark job's tasks read, such as the parameters of a step. Spark already ships each
 * job's task closure to the executors once, as a broadcast of its own, so a small value rides
 * inside the closure at no extra cost; creating and destroying a second broadcast would add
 * driver work to every step. A large value (above {@link #INLINE_MAX_BYTES}) gets its own
 * broadcast, destroyed when the job is done, rather than lingering in the closure's broadcast
 * until the driver's garbage collector releases it.
 */
final class Shipment<T> implements Serializable, AutoCloseable {

  /** Largest value carried inside the task closure. */
  static final long INLINE_MAX_BYTES = 1L << 20;

  private final T inline;
  private final Broadcast<T> broadcast;

  private Shipment(T inline, Broadcast<T> broadcast) {
    this.inline = inline;
    this.broadcast = broadcast;
  }

  /** Ships {@code value}, about {@code bytes} long; the caller must not modify it afterwards. */
  static <T> Shipment<T> of(JavaSparkContext jsc, T value, long bytes) {
    return bytes <= INLINE_MAX_BYTES
        ? new Shipment<>(value, null)
        : new Shipment<>(null, jsc.broadcast(value));
  }

  /** The value, on the driver or in a task. */
  T value() {
    return broadcast == null ? inline : broadcast.value();
  }

  @Override
  public void close() {
    if (broadcast != null) {
      broadcast.destroy();
    }
  }
}
