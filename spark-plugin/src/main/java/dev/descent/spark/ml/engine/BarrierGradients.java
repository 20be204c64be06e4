package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.data.RowBlock;
import dev.descent.spark.ml.util.TreeAggregation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.reflect.ClassTag$;

/**
 * Synchronous steps without a Spark job per step: one barrier stage over the cached blocks
 * ({@code RDD.barrier()}) whose tasks stay up and serve steps, as xgboost-spark's and
 * Vowpal Wabbit's trainers on Spark keep theirs. Each step, the driver ships the point and the
 * plan to every task over a socket; the tasks sum their rows, merge their sums among themselves
 * in {@link TreeAggregation}'s tree (see {@code BarrierTree}), and the few left send theirs to the
 * driver, which merges them in order. The driver keeps the optimizer, the schedule and every
 * other part of the run, so a run gives the same model bit for bit as with a job per step, and
 * the driver holds at most the tree's last results, as there.
 *
 * <p>The stage holds one task slot per partition while it runs. {@link #release} ends it before
 * driver work that may run Spark jobs of its own (validation, listeners), which would otherwise
 * wait for those slots; the next step starts a new stage. When a task is lost, Spark restarts the
 * whole stage (barrier stages retry as one); the driver waits for the new tasks and computes the
 * interrupted step again from the same parameters, so the run goes on with the same result. When
 * Spark gives up on the stage, the fit fails with Spark's error.
 */
public final class BarrierGradients implements StepGradients {

  private static final Logger LOG = LoggerFactory.getLogger(BarrierGradients.class);

  private final JavaRDD<RowBlock> blocks;
  private final BatchObjective objective;
  private final int aggregationDepth;
  private final String label;
  private Stage stage;

  /**
   * Steps over {@code blocks}, whose partitions must fit the cluster's task slots at once (the
   * {@code synchronization} param checks it first); no stage starts before the first step.
   *
   * @param aggregationDepth the depth of the tree the partitions' sums are added in
   * @param label names the stage's job in the Spark UI and the log lines
   */
  public BarrierGradients(JavaRDD<RowBlock> blocks, BatchObjective objective,
      int aggregationDepth, String label) {
    TreeAggregation.fanIn(blocks.getNumPartitions(), aggregationDepth);
    this.blocks = blocks;
    this.objective = objective;
    this.aggregationDepth = aggregationDepth;
    this.label = label;
  }

  @Override
  public BatchGradient compute(double[] theta, StepPlan plan, boolean training, long stepSeed) {
    byte[] command;
    try {
      // Serialized at once, so the evaluation may share theta: no copy, unlike a job's closure.
      command = Channel.serialize(
          new BarrierTask.Command(objective.at(theta), plan, training, stepSeed));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot ship the step to the barrier tasks", e);
    }
    if (stage == null) {
      stage = new Stage();
    }
    BatchGradient total = stage.step(command);
    objective.finish(total.gradientSum());
    return total;
  }

  @Override
  public void release() {
    if (stage != null) {
      Stage ending = stage;
      stage = null;
      ending.close();
    }
  }

  /**
   * A task's exception in Java serialization, or its description when it cannot be serialized
   * (a field of it, or of its cause, that is not).
   */
  static byte[] describe(Exception e) {
    try {
      return Channel.serialize(e);
    } catch (IOException notSerializable) {
      try {
        return Channel.serialize(new RuntimeException(e.toString()));
      } catch (IOException impossible) {
        throw new UncheckedIOException(impossible);
      }
    }
  }

  /** The exception a task sent, or one that says so when the driver cannot read it. */
  private static RuntimeException taskFailure(byte[] serialized) {
    Object read;
    try {
      read = Channel.deserialize(serialized);
    } catch (IOException e) {
      return new IllegalStateException("a barrier task failed, and the driver cannot read its"
          + " exception: " + e.getMessage(), e);
    }
    return read instanceof RuntimeException runtime ? runtime
        : new IllegalStateException(String.valueOf(((Exception) read).getMessage()),
            (Exception) read);
  }

  /** One running barrier stage: its job, and the driver's end of every task's connection. */
  private final class Stage implements AutoCloseable {

    private final int tasks = blocks.getNumPartitions();
    private final long session = ThreadLocalRandom.current().nextLong();
    private final ServerSocket server;
    private final Thread job;
    private volatile Throwable failure;
    private volatile boolean ended;
    private Channel[] channels;
    private int attempt = -1;

    Stage() {
      SparkContext sc = blocks.context();
      String host = sc.getConf().get("spark.driver.host", "localhost");
      try {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(host, 0), Math.max(50, tasks));
        server.setSoTimeout(Channel.POLL_MILLIS);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen for the barrier tasks on the driver's"
            + " address " + host + " (spark.driver.host)", e);
      }
      RDD<Object> serving = blocks.rdd().barrier().mapPartitions(
          new BarrierTask(host, server.getLocalPort(), session, aggregationDepth), false,
          ClassTag$.MODULE$.apply(Object.class));
      String description = sc.getLocalProperty("spark.job.description");
      sc.setJobDescription(label + " synchronous steps (barrier stage)");
      // The job's thread inherits the local properties (job group, pool, description) now.
      job = new Thread(() -> {
        try {
          sc.addJobTag(jobTag());
          // Behind a shuffle the barrier stage is a map stage, which Spark restarts when a
          // task fails; a barrier result stage it gives up on at once.
          JavaRDD.fromRDD(serving, ClassTag$.MODULE$.apply(Object.class)).repartition(1).count();
        } catch (Throwable e) {
          failure = e;
        } finally {
          ended = true;
        }
      }, "descent barrier stage " + label);
      job.setDaemon(true);
      job.start();
      sc.setJobDescription(description);
    }

    /** The step's total, repeating it on a restarted stage when a task was lost. */
    BatchGradient step(byte[] command) {
      while (true) {
        awaitTasks();
        try {
          return exchange(command);
        } catch (IOException e) {
          LOG.warn("{}: lost a barrier task ({}); the step runs again once Spark has restarted"
              + " the stage", label, e.getMessage());
          dropTasks();
        }
      }
    }

    private BatchGradient exchange(byte[] command) throws IOException {
      for (Channel channel : channels) {
        channel.writeInt(BarrierTask.STEP);
        channel.writeFrame(command);
        channel.flush();
      }
      RuntimeException error = null;
      byte[][] results = new byte[tasks][];
      int held = 0;
      for (Channel channel : channels) {
        byte[] failed = channel.readFrame();
        if (failed != null && error == null) {
          error = taskFailure(failed);
        }
        int index = channel.readInt();
        if (index >= 0) {
          results[index] = channel.readFrame();
          held = Math.max(held, index + 1);
        }
      }
      if (error != null) {
        throw error;
      }
      return TreeAggregation.merge(Arrays.asList(results).subList(0, held),
          BatchGradient.COMBINER);
    }

    /**
     * Waits until every task of the stage's latest attempt has connected, then sends each the
     * addresses of all.
     */
    private void awaitTasks() {
      while (channels == null) {
        Channel[] byTask = new Channel[tasks];
        String[] addresses = new String[tasks];
        int connected = 0;
        while (connected < tasks) {
          Socket socket;
          try {
            socket = server.accept();
          } catch (SocketTimeoutException e) {
            failIfEnded();
            continue;
          } catch (IOException e) {
            throw new UncheckedIOException("the driver stopped listening for barrier tasks", e);
          }
          try {
            Channel channel = new Channel(socket, this::failIfEndedIo);
            if (channel.readLong() != session) {
              channel.close();
              continue;
            }
            int task = channel.readInt();
            int taskCount = channel.readInt();
            int taskAttempt = channel.readInt();
            String address = new String(channel.readFrame(), StandardCharsets.UTF_8);
            if (taskCount != tasks || task < 0 || task >= tasks || taskAttempt < attempt) {
              channel.close();
              continue;
            }
            if (taskAttempt > attempt) {
              // A restarted stage: the tasks of the attempt before are gone or about to be.
              closeAll(byTask);
              connected = 0;
              attempt = taskAttempt;
            }
            if (byTask[task] == null) {
              connected++;
            } else {
              byTask[task].close();
            }
            byTask[task] = channel;
            addresses[task] = address;
          } catch (IOException e) {
            LOG.debug("a connection to the barrier stage ended during its greeting", e);
          }
        }
        byte[] peers = String.join(" ", addresses).getBytes(StandardCharsets.UTF_8);
        try {
          for (Channel channel : byTask) {
            channel.writeFrame(peers);
            channel.flush();
          }
          channels = byTask;
        } catch (IOException e) {
          LOG.warn("{}: lost a barrier task as the stage started ({}); waiting for Spark to"
              + " restart it", label, e.getMessage());
          closeAll(byTask);
        }
      }
    }

    private static void closeAll(Channel[] byTask) {
      for (int t = 0; t < byTask.length; t++) {
        if (byTask[t] != null) {
          byTask[t].close();
          byTask[t] = null;
        }
      }
    }

    private void dropTasks() {
      if (channels != null) {
        closeAll(channels);
        channels = null;
      }
    }

    private void failIfEndedIo() throws IOException {
      if (ended) {
        throw new IOException("the barrier stage ended");
      }
    }

    private void failIfEnded() {
      if (ended) {
        throw failure == null
            ? new IllegalStateException("the barrier stage of " + label + " ended before its"
                + " tasks connected to the driver")
            : new IllegalStateException("the barrier stage of " + label + " failed: "
                + failure.getMessage(), failure);
      }
    }

    @Override
    public void close() {
      if (channels != null) {
        for (Channel channel : channels) {
          try {
            channel.writeInt(BarrierTask.STOP);
            channel.flush();
          } catch (IOException e) {
            LOG.debug("a barrier task had gone before it was told to stop", e);
          }
        }
      }
      try {
        job.join(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      dropTasks();
      try {
        server.close();
      } catch (IOException e) {
        LOG.debug("closing the barrier stage's server socket", e);
      }
      if (job.isAlive()) {
        blocks.context().cancelJobsWithTag(jobTag());
      }
    }

    /** Tags this stage's job alone, so that ending it cancels nothing else. */
    private String jobTag() {
      return "descent-barrier-" + Long.toHexString(session);
    }
  }
}
