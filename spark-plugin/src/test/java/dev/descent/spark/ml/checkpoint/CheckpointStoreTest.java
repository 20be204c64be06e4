package dev.descent.spark.ml.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import dev.descent.spark.ml.engine.EarlyStoppingState;
import dev.descent.spark.ml.engine.TrainingState;
import dev.descent.spark.ml.optim.OptimizerState;
import dev.descent.spark.ml.training.EpochReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every double of a checkpoint reads back bit for bit, whatever its value. */
class CheckpointStoreTest {

  @TempDir
  Path temp;

  private static final double[] AWKWARD = {0.1, -0.0, Double.MIN_VALUE, 4.9e-320,
      Double.MAX_VALUE, 1.0 / 3, Math.PI * 1e-300, -123456789.123456789, Math.nextUp(1.0)};

  private static long[] bits(double[] values) {
    return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
  }


  @Test
  void roundTripsExactly() {
    Map<String, double[]> slots = new LinkedHashMap<>();
    slots.put("exp_avg", AWKWARD.clone());
    slots.put("mu_product", new double[] {0.987654321});
    Map<String, Double> schedule = Map.of("best", Double.POSITIVE_INFINITY,
        "learningRate", 0.007, "badEpochs", 2.0, "cooldownCounter", 0.0);
    List<EpochReport> epochs = new ArrayList<>();
    for (int i = 0; i < AWKWARD.length; i++) {
      double value = AWKWARD[i];
      epochs.add(new EpochReport(i, 9, value, -value, i % 2 == 0 ? null : "areaUnderROC",
          Double.NaN, value, i, value, Double.POSITIVE_INFINITY, new double[] {value, -value},
          new double[] {Double.NaN, AWKWARD[AWKWARD.length - 1 - i]}));
    }
    EarlyStoppingState watch = new EarlyStoppingState(3, -0.0, AWKWARD.clone(), 1);
    TrainingState state = new TrainingState(AWKWARD.clone(), OptimizerState.of(17, slots),
        epochs, 42, schedule, watch);
    CheckpointStore store = new CheckpointStore(new Configuration());
    store.write(temp.toString(), new Checkpoint(state, Map.of("seed", "7"), "layout"));

    Checkpoint read = store.read(temp.toString());
    TrainingState back = read.state();
    assertArrayEquals(bits(AWKWARD), bits(back.parameters()));
    assertEquals(17, back.optimizerState().step());
    assertArrayEquals(bits(AWKWARD), bits(back.optimizerState().slot("exp_avg")));
    assertArrayEquals(new double[] {0.987654321}, back.optimizerState().slot("mu_product"));
    // Reports compare doubles bit for bit, per-layer norms included, NaN and -0.0 too.
    assertEquals(epochs, back.epochs());
    assertEquals(3, back.earlyStopping().bestEpoch());
    assertEquals(Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits(back.earlyStopping().bestMetric()));
    assertArrayEquals(bits(AWKWARD), bits(back.earlyStopping().bestParameters()));
    assertEquals(1, back.earlyStopping().epochsWithoutImprovement());
    assertEquals(42, back.steps());
    assertEquals(schedule, back.scheduleState());
    assertEquals(Map.of("seed", "7"), read.fingerprint());
    assertEquals("layout", read.layout());
  }
}
