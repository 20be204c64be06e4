package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.util.TreeAggregation;
import java.util.ArrayList;
import java.util.List;

/**
 * One barrier task's part in {@link TreeAggregation}'s tree, with task i holding partition i's
 * result: in each round the holder of the first result of a group of {@code fanIn} receives the
 * others from their holders and merges them in index order, the others send theirs and drop out;
 * after the last round the holders left send their results to the driver, which merges them in
 * order. Those are the merges, in the same order, that {@link TreeAggregation#aggregate} makes, so
 * the total is the same bit for bit.
 */
final class BarrierTree {

  private final List<int[]> childrenByRound = new ArrayList<>();
  private final int parent;
  private final int resultIndex;

  /**
   * @param task this task's index (its partition)
   * @param tasks the number of tasks
   * @param depth the tree's {@code aggregationDepth}
   */
  BarrierTree(int task, int tasks, int depth) {
    int fanIn = TreeAggregation.fanIn(tasks, depth);
    int held = tasks;
    int index = task;
    long stride = 1;
    int sendTo = -1;
    for (int next : TreeAggregation.rounds(tasks, depth, Integer.MAX_VALUE)) {
      if (index < 0) {
        break;
      }
      if (index % fanIn != 0) {
        sendTo = (int) ((index / fanIn) * fanIn * stride);
        index = -1;
        break;
      }
      int last = Math.min(index + fanIn, held);
      int[] children = new int[last - index - 1];
      for (int k = 0; k < children.length; k++) {
        children[k] = (int) ((index + 1 + k) * stride);
      }
      childrenByRound.add(children);
      index /= fanIn;
      stride *= fanIn;
      held = next;
    }
    this.parent = sendTo;
    this.resultIndex = index;
  }

  /** The tasks this one receives results from in each round it leads, in index order. */
  List<int[]> childrenByRound() {
    return childrenByRound;
  }

  /** All the tasks that send to this one. */
  int numChildren() {
    return childrenByRound.stream().mapToInt(children -> children.length).sum();
  }

  /** The task this one sends its result to, or -1 when it sends it to the driver. */
  int parent() {
    return parent;
  }

  /** The index of the result this task sends the driver, or -1 when it sends to a parent. */
  int resultIndex() {
    return resultIndex;
  }
}
