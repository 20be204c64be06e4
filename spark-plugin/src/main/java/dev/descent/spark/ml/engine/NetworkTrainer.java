package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.TrainingSummary;
import dev.descent.spark.ml.data.LabelRule;
import dev.descent.spark.ml.data.TrainingData;
import dev.descent.spark.ml.loss.Loss;
import dev.descent.spark.ml.nn.Activation;
import dev.descent.spark.ml.nn.Network;
import dev.descent.spark.ml.nn.NetworkShape;
import dev.descent.spark.ml.optim.Optimizers;
import dev.descent.spark.ml.param.GradientDescentParams;
import dev.descent.spark.ml.param.NetworkParams;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits a neural network for the MLP stages: loads and caches the data (and the validation rows)
 * as the linear stages do, trains one network per restart from seeds {@code seed, seed + 1, ...}
 * with the same engine (synchronous steps, optimizer, schedule, clipping, penalty on the weights,
 * validation, early stopping, listeners), keeps the best run, and folds the standardization into
 * the first layer.
 */
public final class NetworkTrainer {

  /**
   * A fitted network on the original feature scale, with its loss; once the fit is done also the
   * training summary and the training rows (validation rows excluded), null while training runs.
   */
  public record Fit(int[] layers, DenseVector parameters, Loss loss, TrainingSummary summary,
      Dataset<Row> trainingRows) {}

  private NetworkTrainer() {}

  /**
   * Fits a network for {@code stage} on {@code dataset}.
   *
   * @param labels the labels the stage accepts
   * @param lossFor the loss, chosen once the data has been read (it may depend on the labels seen)
   * @param label a name for log lines and Spark UI job descriptions
   * @param hooks the validation metric and the listeners; with {@code numRestarts > 1} the
   *     listeners see every run's epochs, from as many threads as runs go in parallel
   */
  public static Fit fit(GradientDescentParams stage, NetworkParams network, Dataset<?> dataset,
      LabelRule labels, Function<TrainingData, Loss> lossFor, String label,
      TrainingHooks<Fit> hooks) {
    Optimizers.create(stage.getOptimizer(), LinearTrainer.hyperparameters(stage));
    LinearTrainer.schedule(stage);
    Activation activation = Activation.named(network.getActivation());
    requireSupported(stage);
    int[] hiddenLayers = network.getHiddenLayers();
    try (FitData fitData = FitData.load(stage, dataset, labels, lossFor,
        features -> NetworkShape.numParameters(features, hiddenLayers, 1))) {
      TrainingData data = fitData.training();
      Loss loss = fitData.loss();
      int[] hidden = network.getHiddenLayers();
      int[] layers = new int[hidden.length + 2];
      layers[0] = data.numFeatures();
      System.arraycopy(hidden, 0, layers, 1, hidden.length);
      layers[layers.length - 1] = loss.numOutputs();
      NetworkShape shape = new NetworkShape(layers);
      DriverMemory.check(data.blocks().context(), stage, shape.numParameters(),
          data.numFeatures(), data.blocks().getNumPartitions());
      Network net = new Network(shape, activation);
      // Standardized features are centered too: hidden units see inputs of mean 0, variance 1.
      double[] centers = stage.getStandardization() ? data.trainingMean() : null;
      NetworkObjective objective =
          new NetworkObjective(net, loss, data.featureScale(), centers, network.getDropout());
      Regularization regularization = new Regularization(stage.getRegParam(),
          stage.getElasticNetParam(), shape.weightStarts(), shape.weightEnds());
      Function<double[], Fit> toFit = theta -> new Fit(layers,
          new DenseVector(originalScale(theta, shape, data.featureStd(), centers)), loss, null,
          null);
      MetricEvaluator<Fit> metric = hooks.metricFor().apply(loss);
      Validation validation = fitData.validation() == null ? null : new HeldOutValidation<>(
          fitData.validation(), metric, toFit, fit -> margins(net, fit.parameters().values()),
          loss, regularization, stage.getAggregationDepth());
      Supervision supervision = new Supervision(validation, stage.getEarlyStoppingPatience(),
          stage.getEarlyStoppingMinDelta(), stage.getDivergenceFactor(), hooks.listeners());
      List<TrainingResult> runs = runs(stage, data, net, objective, regularization, supervision,
          network.getNumRestarts(), label);
      List<TrainingSummary> summaries = runs.stream().map(fitData::summary).toList();
      int best = best(runs, validation);
      TrainingSummary kept = runs.size() == 1
          ? summaries.get(0)
          : summaries.get(best).withRestarts(summaries);
      Fit fit = toFit.apply(runs.get(best).parameters());
      return new Fit(layers, fit.parameters(), loss, kept, fitData.trainingRows());
    }
  }

  /** Options of the linear stages that networks do not take yet fail before any data is read. */
  private static void requireSupported(GradientDescentParams stage) {
    if (!stage.getFitIntercept()) {
      throw new IllegalArgumentException("fitIntercept=false is not supported by the network"
          + " stages: every layer has biases");
    }
    if (stage.checkpointDirOrNull() != null || stage.resumeFromOrNull() != null) {
      throw new IllegalArgumentException("checkpointDir and resumeFrom are not supported by the"
          + " network stages yet");
    }
  }

  /**
   * Trains every restart; several at once (separate Spark jobs) when the cluster has more task
   * slots than the data has partitions. Each run is seeded alone, so the result does not depend
   * on how many run at once.
   */
  private static List<TrainingResult> runs(GradientDescentParams stage, TrainingData data,
      Network net, NetworkObjective objective, Regularization regularization,
      Supervision supervision, int restarts, String label) {
    int slots = data.blocks().context().defaultParallelism();
    int parallel = Math.max(1, Math.min(restarts, slots / data.blocks().getNumPartitions()));
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<TrainingResult>> futures = IntStream.range(0, restarts)
          .mapToObj(r -> pool.submit(() -> run(stage, data, net, objective, regularization,
              supervision, r,
              restarts == 1 ? label : label + " restart " + (r + 1) + "/" + restarts)))
          .toList();
      List<TrainingResult> results = new ArrayList<>();
      for (Future<TrainingResult> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while training " + label, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause);
    } finally {
      pool.shutdownNow();
    }
  }

  private static TrainingResult run(GradientDescentParams stage, TrainingData data, Network net,
      NetworkObjective objective, Regularization regularization, Supervision supervision,
      int restart, String label) {
    long seed = stage.getSeed() + restart;
    GradientDescent.Settings settings = new GradientDescent.Settings(stage.getMaxIter(),
        stage.getTol(), stage.getBatchSize(), stage.getShuffle(), seed,
        LinearTrainer.schedule(stage),
        new GradientClipping(stage.getClipGradNorm(), stage.getClipGradValue()),
        EpochObjective.named(stage.getEpochObjective()), stage.getAggregationDepth(), label);
    return new GradientDescent(objective, net.initialParameters(seed), regularization,
        Optimizers.create(stage.getOptimizer(), LinearTrainer.hyperparameters(stage)), settings,
        stage.getLocalSteps())
        .run(data, null, supervision, Checkpointer.none());
  }

  /**
   * The index of the best run: by the validation metric of the epoch each returns when there are
   * validation rows, else by the training objective there; the first on a tie, and a NaN loses.
   */
  private static int best(List<TrainingResult> runs, Validation validation) {
    boolean larger = validation != null && validation.largerIsBetter();
    int best = 0;
    double bestScore = Double.NaN;
    for (int r = 0; r < runs.size(); r++) {
      EpochReport kept = runs.get(r).epochs().get(runs.get(r).bestEpoch());
      double score = validation == null ? kept.objective() : kept.validationMetric();
      if (Double.isNaN(bestScore) && !Double.isNaN(score)
          || (larger ? score > bestScore : score < bestScore)) {
        best = r;
        bestScore = score;
      }
    }
    return best;
  }

  /** A network's margins for a row of original features at {@code parameters}. */
  private static HeldOutValidation.Margins margins(Network net, double[] parameters) {
    int outputs = net.shape().numOutputs();
    return features -> {
      double[] margins = new double[outputs];
      net.outputs(parameters, features.toArray(), margins);
      return margins;
    };
  }

  /**
   * Training saw x_j / std_j - centers_j; layer 1 computes W z + b on that, which is
   * (W / std) x + (b - W centers) on the original features, so those become layer 1's weights
   * and biases (a constant feature, std 0, was zeroed and gets weight 0).
   */
  private static double[] originalScale(double[] theta, NetworkShape shape, double[] std,
      double[] centers) {
    double[] out = theta.clone();
    int units = shape.size(1);
    int weights = shape.weightOffset(1);
    int biases = shape.biasOffset(1);
    for (int j = 0; j < shape.numInputs(); j++) {
      for (int i = 0; i < units; i++) {
        double w = theta[weights + j * units + i];
        if (centers != null) {
          out[biases + i] -= w * centers[j];
        }
        if (std != null) {
          out[weights + j * units + i] = std[j] > 0 ? w / std[j] : 0.0;
        }
      }
    }
    return out;
  }
}
