package dev.descent.spark.ml.checkpoint;

import dev.descent.spark.ml.engine.Checkpointer;
import dev.descent.spark.ml.engine.TrainingState;
import dev.descent.spark.ml.optim.OptimizerState;
import dev.descent.spark.ml.schedule.LearningRateSchedule;
import dev.descent.spark.ml.training.EpochReport;
import dev.descent.spark.ml.util.NonFinite;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints a run into {@code checkpointDir} every {@code interval} epochs and after its last
 * epoch, and resumes one from {@code resumeFrom}, through a {@link CheckpointStore}. Resuming
 * checks that the checkpoint was written by a run with the same {@link RunFingerprint} and the
 * same parameter and optimizer-state shapes, and then that the objective at its parameters is
 * the one it recorded; a different data layout (partitioning, block sizes) is allowed but
 * logged, since it changes the batches and so the result's last bits.
 */
public final class FileCheckpointer implements Checkpointer {

  private static final Logger LOG = LoggerFactory.getLogger(FileCheckpointer.class);

  /**
   * How far, relative to its size, the objective recomputed at a checkpoint's parameters may be
   * from the one it recorded: on the same layout the same sums are added in the same order, so
   * only another machine's BLAS or math functions could move the last bits; on another layout
   * the rows' losses are added in another order, which moves more of them on many rows.
   */
  private static final double SAME_LAYOUT_TOLERANCE = 1e-12;
  private static final double OTHER_LAYOUT_TOLERANCE = 1e-9;

  private final CheckpointStore store;
  private final String checkpointDir;
  private final int interval;
  private final String resumeFrom;
  private final Map<String, String> fingerprint;
  private final String layout;
  /**
   * Once {@link #start} has resumed: the checkpoint's directory and state, and whether its
   * layout is this fit's.
   */
  private Path resumedDir;
  private TrainingState resumed;
  private boolean sameLayout;

  /**
   * @param checkpointDir where to write checkpoints, or null for none
   * @param interval epochs between checkpoints (at least 1)
   * @param resumeFrom a checkpoint, or a directory of them, to resume from; or null
   * @param fingerprint this run's {@link RunFingerprint}
   * @param layout this run's data layout, compared on resume
   */
  public FileCheckpointer(Configuration hadoop, String checkpointDir, int interval,
      String resumeFrom, Map<String, String> fingerprint, String layout) {
    if (interval < 1) {
      throw new IllegalArgumentException("checkpointInterval must be at least 1, got " + interval);
    }
    this.store = new CheckpointStore(hadoop);
    this.checkpointDir = checkpointDir;
    this.interval = interval;
    this.resumeFrom = resumeFrom;
    this.fingerprint = fingerprint;
    this.layout = layout;
  }

  @Override
  public TrainingState start(TrainingState fresh, LearningRateSchedule schedule) {
    if (resumeFrom == null) {
      return fresh;
    }
    Path dir = store.locate(resumeFrom);
    Checkpoint checkpoint = store.read(dir.toString());
    boolean sameLayout = layout.equals(checkpoint.layout());
    String differences = RunFingerprint.differences(checkpoint.fingerprint(), fingerprint,
        sameLayout ? Set.of() : RunFingerprint.LAYOUT_DEPENDENT);
    if (!differences.isEmpty()) {
      String older = checkpoint.fingerprint().containsKey(RunFingerprint.ROW_DIGEST) ? ""
          : "\n(it records no digest of its data: an earlier version of Descent wrote it, so"
              + " this fit cannot check that it continues that run; start afresh)";
      throw new IllegalArgumentException("cannot resume from " + resumeFrom + ": it was written"
          + " by a run with other params or data, so this fit would not continue that run:"
          + differences + older);
    }
    TrainingState state = checkpoint.state();
    requireSameShape(fresh, state);
    requireFinite(state);
    if (!sameLayout) {
      LOG.warn("resuming from {} with a different data layout (rows per block, per partition:"
          + " {} then, {} now): the batches differ from the interrupted run's, so the model"
          + " will not be bit-identical to an uninterrupted run", resumeFrom,
          checkpoint.layout(), layout);
    }
    try {
      schedule.restoreState(state.scheduleState());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot resume from " + resumeFrom + ": "
          + e.getMessage(), e);
    }
    LOG.info("resuming from {} after epoch {}", resumeFrom, state.completedEpochs());
    this.resumedDir = dir;
    this.resumed = state;
    this.sameLayout = sameLayout;
    return state;
  }

  /**
   * The fingerprint covers the params and the data but not what computes the objective from
   * them (a custom loss's code, say), nor the parameters and reports, which a damaged or edited
   * checkpoint may hold: recomputing the recorded objective covers them all.
   */
  @Override
  public void checkResumedObjective(double objective) {
    EpochReport last = resumed.epochs().get(resumed.epochs().size() - 1);
    double recorded = last.objective();
    double tolerance = sameLayout ? SAME_LAYOUT_TOLERANCE : OTHER_LAYOUT_TOLERANCE;
    if (!(Math.abs(objective - recorded)
        <= tolerance * Math.max(Math.abs(recorded), Math.abs(objective)))) {
      throw new IllegalArgumentException("cannot resume from " + resumeFrom + ": "
          + new Path(resumedDir, CheckpointStore.STATE) + " records the"
          + " objective " + recorded + " for epoch " + last.epoch() + ", but at its parameters"
          + " this fit's rows give " + objective + ": the checkpoint was altered, or the rows or"
          + " the loss differ from those it was written with");
    }
  }

  private void requireSameShape(TrainingState fresh, TrainingState saved) {
    Map<String, Integer> expected = slotSizes(fresh.optimizerState());
    Map<String, Integer> found = slotSizes(saved.optimizerState());
    if (saved.parameters().length != fresh.parameters().length || !expected.equals(found)) {
      throw new IllegalArgumentException("cannot resume from " + resumeFrom + ": it holds "
          + saved.parameters().length + " parameters and optimizer slots " + found
          + ", where this fit has " + fresh.parameters().length + " and " + expected);
    }
  }

  /**
   * A run never checkpoints non-finite parameters or state (a diverged epoch is discarded), so
   * such values mean the checkpoint was damaged or tampered with: resuming would give a NaN or
   * absurd model.
   */
  private void requireFinite(TrainingState saved) {
    String problem = nonFinite("parameter", saved.parameters());
    for (Map.Entry<String, double[]> slot : saved.optimizerState().slots().entrySet()) {
      problem = problem != null ? problem
          : nonFinite("optimizer slot '" + slot.getKey() + "' entry", slot.getValue());
    }
    for (EpochReport report : saved.epochs()) {
      if (problem == null && !Double.isFinite(report.objective())) {
        problem = "the objective of epoch " + report.epoch() + " is " + report.objective();
      }
    }
    if (problem != null) {
      throw new IllegalArgumentException("cannot resume from " + resumeFrom + ": " + problem
          + ", which no run writes; the checkpoint is damaged");
    }
  }

  private static String nonFinite(String what, double[] values) {
    int i = NonFinite.firstIndex(values);
    return i < 0 ? null : what + " " + i + " is " + values[i];
  }

  private static Map<String, Integer> slotSizes(OptimizerState state) {
    Map<String, Integer> sizes = new java.util.TreeMap<>();
    state.slots().forEach((name, values) -> sizes.put(name, values.length));
    return sizes;
  }

  @Override
  public void epochEnded(int epoch, boolean last, Supplier<TrainingState> state) {
    if (checkpointDir != null && (last || epoch % interval == 0)) {
      LOG.info("checkpoint of epoch {} written to {}", epoch,
          store.write(checkpointDir, new Checkpoint(state.get(), fingerprint, layout)));
    }
  }
}
