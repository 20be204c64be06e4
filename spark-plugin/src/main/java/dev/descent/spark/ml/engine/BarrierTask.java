package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.data.RowBlock;
import dev.descent.spark.ml.util.TreeAggregation;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.BarrierTaskInfo;
import org.apache.spark.TaskContext;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * What each task of a barrier stage runs (see {@link BarrierGradients}): it keeps its partition's
 * cached blocks, opens a server socket on its executor's address, tells the driver that address
 * and learns every task's from it, connects to its parent in the {@link BarrierTree}, then serves
 * steps until the driver says stop. A step is the driver's point and
 * plan; the task sums its rows, merges its children's results into its own in index order and
 * passes the result up the tree, and tells the driver whether it failed and, if it holds one of
 * the last results, that result.
 */
final class BarrierTask extends AbstractFunction1<Iterator<RowBlock>, Iterator<Object>>
    implements Serializable {

  static final int STOP = 0;
  static final int STEP = 1;
  /** How long a task waits for its peers to connect before it gives up and fails. */
  private static final long CONNECT_MILLIS = 120_000;

  /** One step: the point to sum at, the rows, and whether it is a training step. */
  record Command(BatchObjective.Evaluation evaluation, StepPlan plan, boolean training,
      long stepSeed) implements Serializable {}

  private final String driverHost;
  private final int driverPort;
  private final long session;
  private final int aggregationDepth;

  BarrierTask(String driverHost, int driverPort, long session, int aggregationDepth) {
    this.driverHost = driverHost;
    this.driverPort = driverPort;
    this.session = session;
    this.aggregationDepth = aggregationDepth;
  }

  @Override
  public Iterator<Object> apply(Iterator<RowBlock> rows) {
    List<RowBlock> blocks = new ArrayList<>();
    while (rows.hasNext()) {
      blocks.add(rows.next());
    }
    // Not BarrierTaskContext.get(): on Spark 3.5 the first use of that companion object starts
    // a non-daemon timer thread (replaced in Spark 4.0), which would keep a local-mode
    // application's JVM from exiting. The task's context is the barrier one already.
    BarrierTaskContext context = (BarrierTaskContext) TaskContext.get();
    Channel.Liveness alive = () -> {
      if (context.isInterrupted()) {
        throw new IOException("the barrier task was killed");
      }
    };
    try {
      serve(context, blocks, alive);
    } catch (IOException e) {
      throw new UncheckedIOException("barrier task " + context.partitionId() + " of stage attempt "
          + context.stageAttemptNumber() + " lost its connections: " + e.getMessage(), e);
    }
    return nothing();
  }

  /** An empty Scala iterator: the task's output is the steps it served, not rows. */
  @SuppressWarnings("unchecked")
  private static Iterator<Object> nothing() {
    // Scala 2.12's empty iterator is typed Iterator[Nothing], 2.13's as asked.
    return (Iterator<Object>) (Iterator<?>) scala.collection.Iterator$.MODULE$.empty();
  }

  private void serve(BarrierTaskContext context, List<RowBlock> blocks, Channel.Liveness alive)
      throws IOException {
    int task = context.partitionId();
    BarrierTaskInfo[] infos = context.getTaskInfos();
    String host = host(infos[task].address());
    BarrierTree tree = new BarrierTree(task, infos.length, aggregationDepth);
    List<Channel> open = new ArrayList<>();
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(host, 0), Math.max(50, infos.length));
      Channel driver = Channel.connect(driverHost, driverPort, (int) CONNECT_MILLIS, alive);
      open.add(driver);
      driver.writeLong(session);
      driver.writeInt(task);
      driver.writeInt(infos.length);
      driver.writeInt(context.stageAttemptNumber());
      driver.writeFrame((host + ":" + server.getLocalPort()).getBytes(StandardCharsets.UTF_8));
      driver.flush();
      // The driver answers once every task has connected, with every task's address: the
      // rendezvous allGather would give, without its polling once a second.
      String[] peers = new String(driver.readFrame(), StandardCharsets.UTF_8).split(" ");
      Channel parent = null;
      if (tree.parent() >= 0) {
        String peer = peers[tree.parent()];
        int colon = peer.lastIndexOf(':');
        parent = Channel.connect(peer.substring(0, colon),
            Integer.parseInt(peer.substring(colon + 1)), (int) CONNECT_MILLIS, alive);
        open.add(parent);
        parent.writeInt(task);
        parent.flush();
      }
      Map<Integer, Channel> children = acceptChildren(server, tree.numChildren(), alive, open);
      while (driver.readInt() == STEP) {
        step(driver.readFrame(), blocks, tree, children, parent, driver);
      }
    } finally {
      open.forEach(Channel::close);
    }
  }

  private static void step(byte[] message, List<RowBlock> blocks, BarrierTree tree,
      Map<Integer, Channel> children, Channel parent, Channel driver) throws IOException {
    byte[] result = null;
    byte[] error = null;
    try {
      Command command = (Command) Channel.deserialize(message);
      result = BatchGradient.COMBINER.encode(command.evaluation().sum(blocks.iterator(),
          command.plan(), command.training(), command.stepSeed()));
    } catch (RuntimeException | IOException e) {
      error = BarrierGradients.describe(e);
    }
    for (int[] round : tree.childrenByRound()) {
      // Every child is read, failed or not, so that the next step starts in step.
      List<byte[]> group = new ArrayList<>(round.length + 1);
      group.add(result);
      for (int child : round) {
        group.add(children.get(child).readFrame());
      }
      result = group.contains(null)
          ? null
          : BatchGradient.COMBINER.encode(TreeAggregation.merge(group, BatchGradient.COMBINER));
    }
    if (parent != null) {
      parent.writeFrame(result);
      parent.flush();
    }
    driver.writeFrame(error);
    driver.writeInt(tree.resultIndex());
    if (tree.resultIndex() >= 0) {
      driver.writeFrame(result);
    }
    driver.flush();
  }

  /** The connections of the tasks that send to this one, by task. */
  private static Map<Integer, Channel> acceptChildren(ServerSocket server, int count,
      Channel.Liveness alive, List<Channel> open) throws IOException {
    Map<Integer, Channel> children = new HashMap<>();
    server.setSoTimeout(Channel.POLL_MILLIS);
    long deadline = System.currentTimeMillis() + CONNECT_MILLIS;
    while (children.size() < count) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (SocketTimeoutException e) {
        alive.check();
        if (System.currentTimeMillis() > deadline) {
          throw new IOException("only " + children.size() + " of " + count + " peer tasks"
              + " connected within " + CONNECT_MILLIS / 1000 + " s");
        }
        continue;
      }
      Channel child = new Channel(socket, alive);
      open.add(child);
      children.put(child.readInt(), child);
    }
    return children;
  }

  /** The host of an executor's {@code host:port} address, IPv6 brackets removed. */
  static String host(String address) {
    int colon = address.lastIndexOf(':');
    String host = colon > 0 ? address.substring(0, colon) : address;
    return host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1)
        : host;
  }
}
