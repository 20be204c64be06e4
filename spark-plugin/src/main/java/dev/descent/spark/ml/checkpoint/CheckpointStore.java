package dev.descent.spark.ml.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.spark.ml.engine.EarlyStoppingState;
import dev.descent.spark.ml.engine.TrainingState;
import dev.descent.spark.ml.optim.OptimizerState;
import dev.descent.spark.ml.training.EpochReport;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checkpoints in a directory of any Hadoop file system (local, HDFS, S3, DBFS, ...), one
 * subdirectory {@code epoch-NNNNNNNN} per checkpoint holding:
 *
 * <ul>
 *   <li>{@code state.json}: the format version, the epoch count, the step count, the run's
 *       fingerprint, the data layout, the optimizer's step count and slot sizes, the schedule's
 *       state, every epoch's report and the early-stopping watch;
 *   <li>{@code parameters.bin}, one {@code slot-NAME.bin} per optimizer slot and, with early
 *       stopping, {@code best-parameters.bin}: the doubles as raw IEEE 754 values in big-endian
 *       order, so they round-trip exactly.
 * </ul>
 *
 * Doubles in the JSON are written as strings of their shortest exact decimal form (Java's
 * {@code Double.toString}), which parse back to the same value, NaN and infinities included. No
 * Java serialization is involved.
 *
 * <p>A checkpoint is written to a temporary directory ({@code _tmp-...}) and renamed into place
 * when complete; readers consider only {@code epoch-*} directories with a {@code state.json},
 * and check the arrays' lengths, so a half-written checkpoint is never picked up. After a
 * successful write, the directory's other checkpoints and temporary directories are deleted: a
 * checkpoint directory belongs to one run at a time and holds its latest checkpoint.
 */
public final class CheckpointStore {

  static final String STATE = "state.json";
  private static final String FORMAT = "descent-checkpoint";
  private static final int VERSION = 2;
  private static final String TEMPORARY = "_tmp-";
  private static final String BEST_PARAMETERS = "best-parameters.bin";
  private static final Pattern CHECKPOINT = Pattern.compile("epoch-(\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Configuration hadoop;

  public CheckpointStore(Configuration hadoop) {
    this.hadoop = hadoop;
  }

  /** Writes {@code checkpoint} into {@code dir} atomically and returns its path. */
  public Path write(String dir, Checkpoint checkpoint) {
    Path root = new Path(dir);
    TrainingState state = checkpoint.state();
    String name = String.format("epoch-%08d", state.completedEpochs());
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      Path temporary = new Path(root, TEMPORARY + name + "-" + UUID.randomUUID());
      writeDoubles(fs, new Path(temporary, "parameters.bin"), state.parameters());
      for (Map.Entry<String, double[]> slot : state.optimizerState().slots().entrySet()) {
        writeDoubles(fs, new Path(temporary, slotFile(slot.getKey())), slot.getValue());
      }
      if (state.earlyStopping() != null) {
        writeDoubles(fs, new Path(temporary, BEST_PARAMETERS),
            state.earlyStopping().bestParameters());
      }
      try (OutputStream out = fs.create(new Path(temporary, STATE), false)) {
        JSON.writerWithDefaultPrettyPrinter().writeValue(out, toJson(checkpoint));
      }
      Path target = new Path(root, name);
      if (fs.exists(target)) {
        fs.delete(target, true);
      }
      if (!fs.rename(temporary, target)) {
        throw new IOException("could not rename " + temporary + " to " + target);
      }
      for (FileStatus other : fs.listStatus(root)) {
        String otherName = other.getPath().getName();
        if (!otherName.equals(name) && (CHECKPOINT.matcher(otherName).matches()
            || otherName.startsWith(TEMPORARY))) {
          fs.delete(other.getPath(), true);
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the checkpoint of epoch "
          + state.completedEpochs() + " to " + dir, e);
    }
  }

  /**
   * Reads the checkpoint at {@code path}: a checkpoint directory, or a checkpoint root, of which
   * the complete checkpoint with the most epochs is read.
   *
   * @throws IllegalArgumentException naming the path if there is no complete checkpoint there or
   *     it is corrupted
   */
  public Checkpoint read(String path) {
    Path dir = locate(path);
    try {
      return read(dir.getFileSystem(hadoop), dir);
    } catch (IOException e) {
      // It exists, so a failure to read it (a checksum, an early end, broken JSON) is damage.
      throw new IllegalArgumentException("the checkpoint at " + dir + " is damaged or unreadable: "
          + e.getMessage(), e);
    }
  }

  /**
   * The checkpoint directory that {@link #read} reads for {@code path}.
   *
   * @throws IllegalArgumentException naming the path if there is no complete checkpoint there
   */
  Path locate(String path) {
    try {
      Path given = new Path(path);
      FileSystem fs = given.getFileSystem(hadoop);
      if (!fs.exists(given)) {
        throw new IllegalArgumentException("no checkpoint at " + path + ": it does not exist");
      }
      return fs.exists(new Path(given, STATE)) ? given : latest(fs, given);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the checkpoint at " + path, e);
    }
  }

  private static Path latest(FileSystem fs, Path root) throws IOException {
    Path best = null;
    long bestEpoch = -1;
    for (FileStatus child : fs.listStatus(root)) {
      Matcher m = CHECKPOINT.matcher(child.getPath().getName());
      if (child.isDirectory() && m.matches() && fs.exists(new Path(child.getPath(), STATE))
          && Long.parseLong(m.group(1)) > bestEpoch) {
        best = child.getPath();
        bestEpoch = Long.parseLong(m.group(1));
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("no complete checkpoint in " + root + ": it has no"
          + " epoch-* directory with a " + STATE + " (temporary and incomplete ones are"
          + " ignored)");
    }
    return best;
  }

  private Checkpoint read(FileSystem fs, Path dir) throws IOException {
    JsonNode json;
    try (InputStream in = fs.open(new Path(dir, STATE))) {
      json = JSON.readTree(in);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw corrupted(dir, "its " + STATE + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (json == null || !FORMAT.equals(text(json, "format", dir))) {
      throw corrupted(dir, "its " + STATE + " is not a Descent checkpoint");
    }
    if (json.path("version").asInt() != VERSION) {
      throw corrupted(dir, "it has format version " + json.path("version")
          + "; this version reads version " + VERSION);
    }
    int numParameters = field(json, "numParameters", dir).asInt();
    double[] parameters = readDoubles(fs, new Path(dir, "parameters.bin"), numParameters, dir);
    JsonNode optimizer = field(json, "optimizer", dir);
    Map<String, double[]> slots = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = field(optimizer, "slots", dir).fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> slot = it.next();
      slots.put(slot.getKey(), readDoubles(fs, new Path(dir, slotFile(slot.getKey())),
          slot.getValue().asInt(), dir));
    }
    OptimizerState optimizerState =
        OptimizerState.of(field(optimizer, "step", dir).asLong(), slots);
    Map<String, Double> schedule = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = field(json, "schedule", dir).fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      schedule.put(entry.getKey(), Double.parseDouble(entry.getValue().asText()));
    }
    Map<String, String> fingerprint = new TreeMap<>();
    field(json, "fingerprint", dir).fields()
        .forEachRemaining(e -> fingerprint.put(e.getKey(), e.getValue().asText()));
    List<EpochReport> epochs = new ArrayList<>();
    for (JsonNode report : field(json, "epochReports", dir)) {
      epochs.add(new EpochReport(field(report, "epoch", dir).asInt(),
          field(report, "maxEpochs", dir).asInt(), number(report, "objective", dir),
          number(report, "validationObjective", dir),
          report.hasNonNull("validationMetricName") ? report.get("validationMetricName").asText()
              : null,
          number(report, "validationMetric", dir), number(report, "learningRate", dir),
          field(report, "steps", dir).asInt(), number(report, "seconds", dir),
          number(report, "rowsPerSecond", dir), numbers(report, "layerParameterNorms", dir),
          numbers(report, "layerGradientNorms", dir)));
    }
    if (epochs.isEmpty() || epochs.size() - 1 != field(json, "epochs", dir).asInt()) {
      throw corrupted(dir, "it records " + json.get("epochs") + " epochs but reports of "
          + (epochs.size() - 1) + " after epoch 0");
    }
    EarlyStoppingState earlyStopping = null;
    JsonNode watch = json.get("earlyStopping");
    if (watch != null && !watch.isNull()) {
      earlyStopping = new EarlyStoppingState(field(watch, "bestEpoch", dir).asInt(),
          number(watch, "bestMetric", dir),
          readDoubles(fs, new Path(dir, BEST_PARAMETERS), numParameters, dir),
          field(watch, "epochsWithoutImprovement", dir).asInt());
    }
    TrainingState state = new TrainingState(parameters, optimizerState, epochs,
        field(json, "steps", dir).asLong(), schedule, earlyStopping);
    return new Checkpoint(state, fingerprint, text(json, "layout", dir));
  }

  private static ObjectNode toJson(Checkpoint checkpoint) {
    TrainingState state = checkpoint.state();
    ObjectNode json = JSON.createObjectNode();
    json.put("format", FORMAT);
    json.put("version", VERSION);
    json.put("epochs", state.completedEpochs());
    json.put("steps", state.steps());
    json.put("numParameters", state.parameters().length);
    json.put("layout", checkpoint.layout());
    ObjectNode fingerprint = json.putObject("fingerprint");
    new TreeMap<>(checkpoint.fingerprint()).forEach(fingerprint::put);
    ObjectNode optimizer = json.putObject("optimizer");
    optimizer.put("step", state.optimizerState().step());
    ObjectNode slots = optimizer.putObject("slots");
    state.optimizerState().slots().forEach((name, values) -> slots.put(name, values.length));
    ObjectNode schedule = json.putObject("schedule");
    state.scheduleState().forEach((key, value) -> schedule.put(key, Double.toString(value)));
    ArrayNode reports = json.putArray("epochReports");
    for (EpochReport epoch : state.epochs()) {
      ObjectNode report = reports.addObject();
      report.put("epoch", epoch.epoch());
      report.put("maxEpochs", epoch.maxEpochs());
      report.put("objective", Double.toString(epoch.objective()));
      report.put("validationObjective", Double.toString(epoch.validationObjective()));
      report.put("validationMetricName", epoch.validationMetricName());
      report.put("validationMetric", Double.toString(epoch.validationMetric()));
      report.put("learningRate", Double.toString(epoch.learningRate()));
      report.put("steps", epoch.steps());
      report.put("seconds", Double.toString(epoch.seconds()));
      report.put("rowsPerSecond", Double.toString(epoch.rowsPerSecond()));
      putNumbers(report, "layerParameterNorms", epoch.layerParameterNorms());
      putNumbers(report, "layerGradientNorms", epoch.layerGradientNorms());
    }
    EarlyStoppingState earlyStopping = state.earlyStopping();
    if (earlyStopping != null) {
      ObjectNode watch = json.putObject("earlyStopping");
      watch.put("bestEpoch", earlyStopping.bestEpoch());
      watch.put("bestMetric", Double.toString(earlyStopping.bestMetric()));
      watch.put("epochsWithoutImprovement", earlyStopping.epochsWithoutImprovement());
    }
    return json;
  }

  private static String slotFile(String slot) {
    if (!slot.matches("[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException("optimizer slot name '" + slot + "' cannot name a file");
    }
    return "slot-" + slot + ".bin";
  }

  private static void writeDoubles(FileSystem fs, Path file, double[] values) throws IOException {
    try (DataOutputStream out = new DataOutputStream(
        new java.io.BufferedOutputStream(fs.create(file, false), 1 << 16))) {
      for (double v : values) {
        out.writeDouble(v);
      }
    }
  }

  private static double[] readDoubles(FileSystem fs, Path file, int count, Path dir)
      throws IOException {
    if (!fs.exists(file)) {
      throw corrupted(dir, file.getName() + " is missing");
    }
    long length = fs.getFileStatus(file).getLen();
    if (length != 8L * count) {
      throw corrupted(dir, file.getName() + " has " + length + " bytes where " + 8L * count
          + " (" + count + " doubles) are expected");
    }
    double[] values = new double[count];
    try (DataInputStream in = new DataInputStream(
        new java.io.BufferedInputStream(fs.open(file), 1 << 16))) {
      for (int i = 0; i < count; i++) {
        values[i] = in.readDouble();
      }
    }
    return values;
  }

  /** Writes {@code values} as an array of {@link Double#toString} strings. */
  private static void putNumbers(ObjectNode json, String name, double[] values) {
    ArrayNode array = json.putArray(name);
    for (double value : values) {
      array.add(Double.toString(value));
    }
  }

  /** An array written by {@link #putNumbers}. */
  private static double[] numbers(JsonNode json, String name, Path dir) {
    JsonNode array = field(json, name, dir);
    if (!array.isArray()) {
      throw corrupted(dir, "its " + STATE + " has '" + name + "' = " + array + ", not an array");
    }
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = parse(array.get(i).asText(), name + "[" + i + "]", dir);
    }
    return values;
  }

  /** A double written by {@link Double#toString}. */
  private static double number(JsonNode json, String name, Path dir) {
    return parse(text(json, name, dir), name, dir);
  }

  private static double parse(String text, String name, Path dir) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw corrupted(dir, "its " + STATE + " has '" + name + "' = '" + text + "', not a number");
    }
  }

  private static JsonNode field(JsonNode json, String name, Path dir) {
    JsonNode value = json.get(name);
    if (value == null || value.isNull()) {
      throw corrupted(dir, "its " + STATE + " has no '" + name + "'");
    }
    return value;
  }

  private static String text(JsonNode json, String name, Path dir) {
    return field(json, name, dir).asText();
  }

  private static IllegalArgumentException corrupted(Path dir, String problem) {
    return new IllegalArgumentException("the checkpoint at " + dir + " is corrupted: " + problem);
  }
}
