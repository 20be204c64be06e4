package dev.descent.spark.ml.fit;

import dev.descent.spark.ml.data.LabelRule;
import dev.descent.spark.ml.data.TrainingData;
import dev.descent.spark.ml.engine.Checkpointer;
import dev.descent.spark.ml.engine.FeatureSpace;
import dev.descent.spark.ml.engine.HeldOutValidation;
import dev.descent.spark.ml.engine.NetworkObjective;
import dev.descent.spark.ml.engine.Regularization;
import dev.descent.spark.ml.engine.Supervision;
import dev.descent.spark.ml.engine.TrainingResult;
import dev.descent.spark.ml.engine.Validation;
import dev.descent.spark.ml.loss.Loss;
import dev.descent.spark.ml.nn.Activation;
import dev.descent.spark.ml.nn.Network;
import dev.descent.spark.ml.nn.NetworkShape;
import dev.descent.spark.ml.param.NetworkTrainingParams;
import dev.descent.spark.ml.training.EpochReport;
import dev.descent.spark.ml.training.MetricEvaluator;
import dev.descent.spark.ml.training.TrainingSummary;
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
  public static Fit fit(NetworkTrainingParams stage, Dataset<?> dataset, LabelRule labels,
      Function<TrainingData, Loss> lossFor, String label, TrainingHooks<Fit> hooks) {
    TrainingSetup setup = new TrainingSetup(stage);
    Activation activation = Activation.named(stage.getActivation());
    int[] hiddenLayers = stage.getHiddenLayers();
    try (FitData fitData = FitData.load(setup, dataset, labels, lossFor,
        features -> NetworkShape.numParameters(features, hiddenLayers, 1))) {
      TrainingData data = fitData.training();
      Loss loss = fitData.loss();
      int[] hidden = stage.getHiddenLayers();
      int[] layers = new int[hidden.length + 2];
      layers[0] = data.numFeatures();
      System.arraycopy(hidden, 0, layers, 1, hidden.length);
      layers[layers.length - 1] = loss.numOutputs();
      NetworkShape shape = new NetworkShape(layers);
      setup.checkDriverMemory(data.blocks().context(), shape.numParameters(),
          data.numFeatures(), data.blocks().getNumPartitions());
      Network net = new Network(shape, activation);
      // Standardized features are centered too: hidden units see inputs of mean 0, variance 1.
      FeatureSpace space = FeatureSpace.of(data, stage.getStandardization());
      NetworkObjective objective = new NetworkObjective(net, loss, space, stage.getDropout());
      Regularization regularization =
          stage.regularization(shape.weightStarts(), shape.weightEnds());
      Function<double[], Fit> toFit = theta -> new Fit(layers,
          new DenseVector(space.toOriginal(shape, theta)), loss, null, null);
      MetricEvaluator<Fit> metric = hooks.metricFor().apply(loss);
      Validation validation = fitData.validation() == null ? null : new HeldOutValidation<>(
          fitData.validation(), metric, toFit, fit -> margins(net, fit.parameters().values()),
          loss, regularization, stage.getAggregationDepth());
      Supervision supervision = stage.supervision(validation, hooks.listeners());
      List<TrainingResult> runs = runs(setup, data, net, objective, regularization, supervision,
          stage.getNumRestarts(), label);
      List<TrainingSummary> summaries = runs.stream().map(fitData::summary).toList();
      int best = best(runs, validation);
      TrainingSummary kept = runs.size() == 1
          ? summaries.get(0)
          : summaries.get(best).withRestarts(summaries);
      Fit fit = toFit.apply(runs.get(best).parameters());
      return new Fit(layers, fit.parameters(), loss, kept, fitData.trainingRows());
    }
  }


  /**
   * Trains every restart; several at once (separate Spark jobs) when the cluster has more task
   * slots than the data has partitions. Each run is seeded alone, so the result does not depend
   * on how many run at once.
   */
  private static List<TrainingResult> runs(TrainingSetup setup, TrainingData data,
      Network net, NetworkObjective objective, Regularization regularization,
      Supervision supervision, int restarts, String label) {
    int slots = data.blocks().context().defaultParallelism();
    int parallel = Math.max(1, Math.min(restarts, slots / data.blocks().getNumPartitions()));
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<TrainingResult>> futures = IntStream.range(0, restarts)
          .mapToObj(r -> pool.submit(() -> run(setup, data, net, objective, regularization,
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

  private static TrainingResult run(TrainingSetup setup, TrainingData data, Network net,
      NetworkObjective objective, Regularization regularization, Supervision supervision,
      int restart, String label) {
    long seed = setup.stage().getSeed() + restart;
    return setup.gradientDescent(objective, net.initialParameters(seed), regularization, seed,
        label).run(data, null, supervision, Checkpointer.none());
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

}
