package dev.descent.spark.ml.util;

/**
 * Makes a stage's uid available while Spark's constructors run.
 *
 * <p>Spark's {@code Predictor} and {@code PredictionModel} create their params (labelCol, ...)
 * inside their constructors, and each param records {@code uid()} of its parent. A Java subclass
 * assigns its uid field only after {@code super()} returns, so those params would record null and
 * every setter would fail. A stage's constructor therefore delegates to a private one taking a
 * {@code PendingUid}, whose creation (evaluated before {@code super()}) parks the uid in a
 * thread-local for {@code uid()} to return until the field is set.
 *
 * <pre>{@code
 * public MyStage(String uid) { this(new PendingUid(uid)); }
 * private MyStage(PendingUid pending) { super(); this.uid = pending.release(); }
 * public String uid() { return uid != null ? uid : PendingUid.current(); }
 * }</pre>
 */
public final class PendingUid {

  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private final String uid;

  public PendingUid(String uid) {
    if (uid == null || uid.isEmpty()) {
      throw new IllegalArgumentException("a stage's uid must be a non-empty string, got " + uid);
    }
    this.uid = uid;
    CURRENT.set(uid);
  }

  /** The uid of the stage whose constructor is running on this thread. */
  public static String current() {
    String uid = CURRENT.get();
    if (uid == null) {
      throw new IllegalStateException("uid() was called during construction outside PendingUid");
    }
    return uid;
  }

  /** Ends construction: clears the thread-local and returns the uid for the stage's field. */
  public String release() {
    CURRENT.remove();
    return uid;
  }
}
