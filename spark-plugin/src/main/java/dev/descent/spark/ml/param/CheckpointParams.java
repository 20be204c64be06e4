package dev.descent.spark.ml.param;

import java.io.Serializable;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/** Checkpoints written during a fit and the one it resumes from. */
public interface CheckpointParams extends DescentParams {

  /** The param objects of this group for one stage, created with their defaults. */
  final class Group implements Serializable {

    final Param<String> checkpointDir;
    final IntParam checkpointInterval;
    final Param<String> resumeFrom;

    Group(Params stage) {
      String uid = stage.uid();
      checkpointDir = StringParams.of(uid, "checkpointDir", "directory (any Hadoop file system)"
          + " where a fit writes its latest checkpoint every checkpointInterval epochs and after"
          + " its last epoch; unset writes none");
      checkpointInterval = new IntParam(uid, "checkpointInterval", "epochs between checkpoints"
          + " (>= 1)", ParamValidators.gtEq(1));
      resumeFrom = StringParams.of(uid, "resumeFrom", "checkpoint to continue from: a checkpoint"
          + " directory or a checkpointDir (its latest complete checkpoint); the fit's params and"
          + " data must match the checkpointed run's; unset starts afresh");
      stage.setDefault(checkpointInterval, 10);
    }
  }

  /** Where checkpoints are written; unset means none. */
  default Param<String> checkpointDir() {
    return group().checkpointDir;
  }

  default String getCheckpointDir() {
    return (String) getOrDefault(checkpointDir());
  }

  /** Epochs between checkpoints. */
  default IntParam checkpointInterval() {
    return group().checkpointInterval;
  }

  default int getCheckpointInterval() {
    return (Integer) getOrDefault(checkpointInterval());
  }

  /** The checkpoint a fit continues from; unset means a fresh start. */
  default Param<String> resumeFrom() {
    return group().resumeFrom;
  }

  default String getResumeFrom() {
    return (String) getOrDefault(resumeFrom());
  }

  /** The value if set and not empty, else null (no checkpoints). */
  default String checkpointDirOrNull() {
    return isDefined(checkpointDir()) && !getCheckpointDir().isEmpty() ? getCheckpointDir() : null;
  }

  /** The value if set and not empty, else null (a fresh start). */
  default String resumeFromOrNull() {
    return isDefined(resumeFrom()) && !getResumeFrom().isEmpty() ? getResumeFrom() : null;
  }

  private Group group() {
    return paramGroups().get(Group.class);
  }

  /** Setters of an estimator, returning the estimator so that calls chain. */
  interface Setters<S extends Setters<S>> extends CheckpointParams {

    @SuppressWarnings("unchecked")
    private S self() {
      return (S) this;
    }

    default S setCheckpointDir(String value) {
      set(checkpointDir(), value);
      return self();
    }

    default S setCheckpointInterval(int value) {
      set(checkpointInterval(), value);
      return self();
    }

    default S setResumeFrom(String value) {
      set(resumeFrom(), value);
      return self();
    }
  }
}
