package dev.descent.spark.ml.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.spark.ml.engine.TrainingState;
import dev.descent.spark.ml.optim.OptimizerState;
import java.nio.file.Path;
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

  private static long[] bits(List<Double> values) {
    return bits(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  @Test
  void roundTripsExactly() {
    Map<String, double[]> slots = new LinkedHashMap<>();
    slots.put("exp_avg", AWKWARD.clone());
    slots.put("mu_product", new double[] {0.987654321});
    Map<String, Double> schedule = Map.of("best", Double.POSITIVE_INFINITY,
        "learningRate", 0.007, "badEpochs", 2.0, "cooldownCounter", 0.0);
    List<Double> history = Arrays.stream(AWKWARD).boxed().toList();
    TrainingState state = new TrainingState(AWKWARD.clone(), OptimizerState.of(17, slots),
        history, history, 42, schedule);
    CheckpointStore store = new CheckpointStore(new Configuration());
    store.write(temp.toString(), new Checkpoint(state, Map.of("seed", "7"), "layout"));

    Checkpoint read = store.read(temp.toString());
    TrainingState back = read.state();
    assertArrayEquals(bits(AWKWARD), bits(back.parameters()));
    assertEquals(17, back.optimizerState().step());
    assertArrayEquals(bits(AWKWARD), bits(back.optimizerState().slot("exp_avg")));
    assertArrayEquals(new double[] {0.987654321}, back.optimizerState().slot("mu_product"));
    assertArrayEquals(bits(history), bits(back.objectiveHistory()));
    assertArrayEquals(bits(history), bits(back.learningRateHistory()));
    assertEquals(42, back.steps());
    assertEquals(schedule, back.scheduleState());
    assertEquals(Map.of("seed", "7"), read.fingerprint());
    assertEquals("layout", read.layout());
  }
}
