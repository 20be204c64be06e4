package dev.descent.spark.ml.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Coverage, batch sizes, apportionment, determinism and ordering of {@link BatchPlanner}. */
class BatchPlannerTest {

  /** One visited row: partition, block, row index within the block. */
  record Visit(int partition, int block, int row) {}

  /** Layouts (rows of each block of each partition) with a name for the test report. */
  static final List<Object[]> LAYOUTS = List.of(
      new Object[] {"uneven with empty partition", new int[][] {{5, 3}, {4}, {}, {7, 1, 2}}},
      new Object[] {"one block", new int[][] {{23}}},
      new Object[] {"single row", new int[][] {{1}}},
      new Object[] {"single row among empties", new int[][] {{}, {1}, {}}},
      new Object[] {"empty block inside", new int[][] {{4, 0, 6}, {0}, {9}}},
      new Object[] {"skewed", new int[][] {{50, 50, 37}, {3}, {1, 2}, {20}}},
      new Object[] {"equal partitions", new int[][] {{8, 8}, {8, 8}, {8, 8}, {8, 8}}},
      new Object[] {"many small blocks", new int[][] {{1, 1, 1, 1, 1, 1, 1}, {2, 2, 2}, {3, 3}}});

  static Stream<Arguments> layoutsAndBatchSizes() {
    List<Arguments> cases = new ArrayList<>();
    for (Object[] layout : LAYOUTS) {
      int[][] blocks = (int[][]) layout[1];
      int total = total(blocks);
      for (int batchSize : new int[] {1, 2, 3, 7, 10, total - 1, total, total + 5, 1000}) {
        if (batchSize >= 1) {
          for (boolean shuffle : new boolean[] {true, false}) {
            cases.add(Arguments.of(layout[0], blocks, batchSize, shuffle));
          }
        }
      }
    }
    return cases.stream();
  }

  private static int total(int[][] blocks) {
    int total = 0;
    for (int[] partition : blocks) {
      for (int rows : partition) {
        total += rows;
      }
    }
    return total;
  }

  private static long partitionRows(int[][] blocks, int p) {
    long rows = 0;
    for (int r : blocks[p]) {
      rows += r;
    }
    return rows;
  }

  /** Every step of one epoch, each as the list of rows it reads. */
  private static List<List<Visit>> epoch(BatchPlanner planner, int[][] blocks, int epoch) {
    List<List<Visit>> steps = new ArrayList<>();
    Iterator<StepPlan> it = planner.epoch(epoch);
    while (it.hasNext()) {
      StepPlan plan = it.next();
      List<Visit> visits = new ArrayList<>();
      for (int p = 0; p < blocks.length; p++) {
        for (int b = 0; b < blocks[p].length; b++) {
          for (int r : plan.rows(p, b, blocks[p][b])) {
            visits.add(new Visit(p, b, r));
          }
        }
      }
      steps.add(visits);
    }
    assertThrows(NoSuchElementException.class, it::next);
    return steps;
  }

  @ParameterizedTest(name = "{0}, batch {2}, shuffle {3}")
  @MethodSource("layoutsAndBatchSizes")
  void everyRowOnceAndExactBatchSizes(String name, int[][] blocks, int batchSize,
      boolean shuffle) {
    int total = total(blocks);
    BatchPlanner planner = new BatchPlanner(blocks, batchSize, shuffle, 42);
    int expectedSteps = (total + batchSize - 1) / batchSize;
    assertEquals(expectedSteps, planner.stepsPerEpoch());
    if (batchSize >= total) {
      assertEquals(1, planner.stepsPerEpoch(), "full batch: one step per epoch");
    }
    for (int e = 1; e <= 3; e++) {
      List<List<Visit>> steps = epoch(planner, blocks, e);
      assertEquals(expectedSteps, steps.size(), "steps in epoch " + e);
      boolean[][][] seen = new boolean[blocks.length][][];
      for (int p = 0; p < blocks.length; p++) {
        seen[p] = new boolean[blocks[p].length][];
        for (int b = 0; b < blocks[p].length; b++) {
          seen[p][b] = new boolean[blocks[p][b]];
        }
      }
      for (int s = 0; s < steps.size(); s++) {
        boolean last = s == steps.size() - 1;
        int expectedSize = last && total % batchSize != 0 ? total % batchSize
            : Math.min(batchSize, total);
        assertEquals(expectedSize, steps.get(s).size(), "rows in step " + (s + 1));
        for (Visit v : steps.get(s)) {
          assertTrue(v.row() >= 0 && v.row() < blocks[v.partition()][v.block()], "" + v);
          if (seen[v.partition()][v.block()][v.row()]) {
            fail(v + " visited twice in epoch " + e);
          }
          seen[v.partition()][v.block()][v.row()] = true;
        }
      }
      for (int p = 0; p < blocks.length; p++) {
        for (int b = 0; b < blocks[p].length; b++) {
          for (int r = 0; r < blocks[p][b]; r++) {
            assertTrue(seen[p][b][r], "row " + new Visit(p, b, r) + " missed in epoch " + e);
          }
        }
      }
    }
  }

  /**
   * The documented apportionment, checked exactly: row j of a partition of n rows has virtual
   * time (j + 1/2) / n, and the first T rows of an epoch are the T smallest virtual times, ties
   * broken by partition index. Computed here independently by sorting all rows' times.
   */
  @ParameterizedTest(name = "{0}, batch {2}, shuffle {3}")
  @MethodSource("layoutsAndBatchSizes")
  void stepsFollowSainteLagueVirtualTimeOrder(String name, int[][] blocks, int batchSize,
      boolean shuffle) {
    checkVirtualTimeOrder(blocks, batchSize, shuffle, 3);
  }

  private static void checkVirtualTimeOrder(int[][] blocks, int batchSize, boolean shuffle,
      long seed) {
    List<long[]> rows = new ArrayList<>(); // {partition, j, n}
    for (int p = 0; p < blocks.length; p++) {
      long n = partitionRows(blocks, p);
      for (long j = 0; j < n; j++) {
        rows.add(new long[] {p, j, n});
      }
    }
    // Exact comparison of (2j + 1) / (2n) by cross-multiplication, then by partition.
    rows.sort((a, b) -> {
      int c = Long.compare((2 * a[1] + 1) * b[2], (2 * b[1] + 1) * a[2]);
      return c != 0 ? c : Long.compare(a[0], b[0]);
    });
    BatchPlanner planner = new BatchPlanner(blocks, batchSize, shuffle, seed);
    List<List<Visit>> steps = epoch(planner, blocks, 1);
    int position = 0;
    for (int s = 0; s < steps.size(); s++) {
      int[] expected = new int[blocks.length];
      for (int i = 0; i < steps.get(s).size(); i++) {
        expected[(int) rows.get(position++)[0]]++;
      }
      int[] actual = new int[blocks.length];
      for (Visit v : steps.get(s)) {
        actual[v.partition()]++;
      }
      assertArrayEquals(expected, actual, "rows per partition in step " + (s + 1) + " of "
          + Arrays.deepToString(blocks) + " with batch " + batchSize);
    }
    assertEquals(rows.size(), position);
  }

  @Test
  void virtualTimeOrderOnRandomLayouts() {
    Random random = new Random(98);
    for (int trial = 0; trial < 200; trial++) {
      int[][] blocks = randomLayout(random);
      int total = total(blocks);
      int batchSize = 1 + random.nextInt(Math.max(1, total / (1 + random.nextInt(6))));
      checkVirtualTimeOrder(blocks, batchSize, random.nextBoolean(), trial);
    }
  }

  private static int[][] randomLayout(Random random) {
    int numPartitions = 1 + random.nextInt(6);
    int[][] blocks = new int[numPartitions][];
    for (int p = 0; p < numPartitions; p++) {
      blocks[p] = new int[random.nextInt(4)];
      for (int b = 0; b < blocks[p].length; b++) {
        blocks[p][b] = random.nextInt(random.nextBoolean() ? 5 : 60);
      }
    }
    return blocks;
  }

  /**
   * The apportionment bound the class documents: after r rows of an epoch, partition p (of n_p
   * rows, among P non-empty partitions and N rows) has contributed within (1 + P n_p / N) / 2 rows
   * of its quota r n_p / N, so one step takes its share up to 1 + P n_p / N rows. A tighter
   * per-step bound does not hold: [[50, 50, 37], [3], [1, 2], [20]] with batch 2 gives partition 0
   * no row in step 14 against a share of 1.68.
   */
  @ParameterizedTest(name = "{0}, batch {2}, shuffle {3}")
  @MethodSource("layoutsAndBatchSizes")
  void everyPartitionStaysWithinItsApportionmentBound(String name, int[][] blocks, int batchSize,
      boolean shuffle) {
    checkApportionment(blocks, batchSize, shuffle, 7);
  }

  private static void checkApportionment(int[][] blocks, int batchSize, boolean shuffle,
      long seed) {
    long total = total(blocks);
    int nonEmpty = 0;
    for (int p = 0; p < blocks.length; p++) {
      nonEmpty += partitionRows(blocks, p) > 0 ? 1 : 0;
    }
    BatchPlanner planner = new BatchPlanner(blocks, batchSize, shuffle, seed);
    List<List<Visit>> steps = epoch(planner, blocks, 1);
    int[] counts = new int[blocks.length];
    long rows = 0;
    for (int s = 0; s < steps.size(); s++) {
      for (Visit v : steps.get(s)) {
        counts[v.partition()]++;
        rows++;
      }
      for (int p = 0; p < blocks.length; p++) {
        double fraction = (double) partitionRows(blocks, p) / total;
        double quota = rows * fraction;
        double bound = 0.5 * (1 + nonEmpty * fraction);
        if (!(Math.abs(counts[p] - quota) <= bound + 1e-9)) {
          fail("layout " + Arrays.deepToString(blocks) + ", batch " + batchSize + ": after step "
              + (s + 1) + " partition " + p + " gave " + counts[p] + " rows against a quota of "
              + quota + " (bound " + bound + ")");
        }
      }
    }
  }

  @Test
  void apportionmentHoldsOnRandomLayouts() {
    Random random = new Random(99);
    for (int trial = 0; trial < 200; trial++) {
      int numPartitions = 1 + random.nextInt(4);
      int[][] blocks = new int[numPartitions][];
      for (int p = 0; p < numPartitions; p++) {
        blocks[p] = new int[random.nextInt(4)];
        for (int b = 0; b < blocks[p].length; b++) {
          blocks[p][b] = random.nextInt(random.nextBoolean() ? 5 : 60);
        }
      }
      int total = total(blocks);
      if (total == 0) {
        continue;
      }
      int batchSize = 1 + random.nextInt(Math.max(1, total / (1 + random.nextInt(6))));
      checkApportionment(blocks, batchSize, random.nextBoolean(), trial);
    }
  }

  @Test
  void sameSeedGivesIdenticalPlansAndOtherSeedsOrEpochsDiffer() {
    int[][] blocks = {{5, 3, 9}, {4, 4}, {}, {7, 1, 2, 6}};
    BatchPlanner a = new BatchPlanner(blocks, 6, true, 1234);
    BatchPlanner b = new BatchPlanner(blocks, 6, true, 1234);
    BatchPlanner c = new BatchPlanner(blocks, 6, true, 1235);
    for (int e = 1; e <= 3; e++) {
      List<List<Visit>> fromA = epoch(a, blocks, e);
      assertEquals(fromA, epoch(b, blocks, e), "same seed, epoch " + e);
      assertEquals(fromA, epoch(a, blocks, e), "same planner, epoch " + e + " again");
      assertNotEquals(fromA, epoch(c, blocks, e), "other seed, epoch " + e);
      assertNotEquals(fromA, epoch(a, blocks, e + 1), "epochs " + e + " and " + (e + 1));
    }
    // Without shuffling the seed and epoch do not matter.
    BatchPlanner d = new BatchPlanner(blocks, 6, false, 1);
    BatchPlanner f = new BatchPlanner(blocks, 6, false, 2);
    assertEquals(epoch(d, blocks, 1), epoch(f, blocks, 1));
    assertEquals(epoch(d, blocks, 1), epoch(d, blocks, 5));
  }

  @Test
  void shuffledRowOrderIsNotTheStoredOrder() {
    int[][] blocks = {{40}, {40}};
    BatchPlanner planner = new BatchPlanner(blocks, 80, true, 5);
    StepPlan plan = planner.epoch(1).next();
    int[] rows = plan.rows(0, 0, 40);
    assertEquals(40, rows.length);
    assertFalse(Arrays.equals(Seeds.identity(40), rows), "rows are shuffled");
    int[] sorted = rows.clone();
    Arrays.sort(sorted);
    assertArrayEquals(Seeds.identity(40), sorted);
    // The two partitions use different row orders.
    assertFalse(Arrays.equals(rows, plan.rows(1, 0, 40)));
  }

  /**
   * One block per partition, so block order cannot tell epochs apart: the rows inside the
   * block are visited in another order every epoch.
   */
  @Test
  void everyEpochShufflesTheRowsInsideEachBlock() {
    int[][] blocks = {{40}, {40}};
    BatchPlanner planner = new BatchPlanner(blocks, 80, true, 5);
    java.util.Set<String> orders = new java.util.HashSet<>();
    for (int epoch = 1; epoch <= 5; epoch++) {
      orders.add(Arrays.toString(planner.epoch(epoch).next().rows(0, 0, 40)));
    }
    assertEquals(5, orders.size(), "five epochs, five row orders");
  }

  @Test
  void shuffledBlocksAreVisitedOneAfterAnother() {
    // Each partition reads its blocks in some order, finishing one before starting the next.
    int[][] blocks = {{3, 5, 2, 4, 6, 1}, {4, 4, 4}};
    BatchPlanner planner = new BatchPlanner(blocks, 3, true, 77);
    List<int[]> blockOrders = new ArrayList<>();
    for (int e = 1; e <= 4; e++) {
      List<List<Visit>> steps = epoch(planner, blocks, e);
      for (int p = 0; p < blocks.length; p++) {
        List<Integer> order = new ArrayList<>();
        int[] remaining = blocks[p].clone();
        for (List<Visit> step : steps) {
          // Blocks touched by this step, in the order of the partition's block sequence.
          List<Integer> touched = new ArrayList<>();
          for (Visit v : step) {
            if (v.partition() == p && !touched.contains(v.block())) {
              touched.add(v.block());
            }
          }
          // A step may finish the current block and start new ones; the current block (if
          // partially read) must come first.
          touched.sort((x, y) -> Boolean.compare(!order.contains(x), !order.contains(y)));
          for (int blk : touched) {
            if (!order.isEmpty() && order.get(order.size() - 1) != blk) {
              assertEquals(0, remaining[order.get(order.size() - 1)],
                  "block " + order.get(order.size() - 1) + " finished before block " + blk);
            }
            if (!order.contains(blk)) {
              order.add(blk);
            } else {
              assertEquals(blk, order.get(order.size() - 1), "block " + blk + " revisited");
            }
            for (Visit v : step) {
              if (v.partition() == p && v.block() == blk) {
                remaining[blk]--;
              }
            }
          }
        }
        blockOrders.add(order.stream().mapToInt(Integer::intValue).toArray());
      }
    }
    // Partition 0's block order changes between epochs.
    boolean differs = false;
    for (int e = 1; e < 4; e++) {
      differs |= !Arrays.equals(blockOrders.get(0), blockOrders.get(2 * e));
    }
    assertTrue(differs, "block order is reshuffled per epoch");
  }

  @Test
  void withoutShuffleRowsAreReadInStoredOrder() {
    int[][] blocks = {{3, 2, 4}, {}, {5}, {1, 1}};
    for (int batchSize : new int[] {1, 2, 4, 16, 100}) {
      BatchPlanner planner = new BatchPlanner(blocks, batchSize, false, 3);
      List<List<Visit>> steps = epoch(planner, blocks, 2);
      int[] nextBlock = new int[blocks.length];
      int[] nextRow = new int[blocks.length];
      for (List<Visit> step : steps) {
        for (Visit v : step) { // visits are listed partition by partition, block by block
          int p = v.partition();
          while (nextBlock[p] < blocks[p].length && nextRow[p] == blocks[p][nextBlock[p]]) {
            nextBlock[p]++;
            nextRow[p] = 0;
          }
          assertEquals(new Visit(p, nextBlock[p], nextRow[p]), v, "batch " + batchSize);
          nextRow[p]++;
        }
      }
      // The very first row read is block 0 row 0 of the first non-empty partition.
      assertEquals(new Visit(0, 0, 0), steps.get(0).get(0));
    }
  }

  @Test
  void fullBatchReadsEverythingInOneStep() {
    int[][] blocks = {{5, 3}, {4}, {}, {7, 1, 2}};
    for (long batchSize : new long[] {22, 23, 1_000_000_000_000L}) {
      BatchPlanner planner = new BatchPlanner(blocks, batchSize, true, 9);
      assertEquals(1, planner.stepsPerEpoch());
      List<List<Visit>> steps = epoch(planner, blocks, 1);
      assertEquals(1, steps.size());
      assertEquals(22, steps.get(0).size());
    }
  }

  @Test
  void edgeCases() {
    assertThrows(IllegalArgumentException.class, () -> new BatchPlanner(new int[][] {{3}}, 0,
        true, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BatchPlanner(new int[][] {{3}}, -5, true, 1));
    assertTrue(e.getMessage().contains("-5"), e.getMessage());
    // No rows at all: no steps.
    BatchPlanner empty = new BatchPlanner(new int[][] {{}, {0}}, 10, true, 1);
    assertEquals(0, empty.stepsPerEpoch());
    assertFalse(empty.epoch(1).hasNext());
    assertThrows(NoSuchElementException.class, () -> empty.epoch(1).next());
    // Asking a plan about a partition or block it does not read gives no rows.
    StepPlan plan = new BatchPlanner(new int[][] {{2, 2}, {2}}, 1, false, 1).epoch(1).next();
    assertEquals(0, plan.rows(5, 0, 2).length);
    assertEquals(0, plan.rows(0, 1, 2).length);
    assertArrayEquals(new int[] {0}, plan.rows(0, 0, 2));
  }

  @Test
  void plannerIsFastForLargeLayouts() {
    // Planning cost per step must not grow with the batch size: a million rows, 200 partitions.
    int[][] blocks = new int[200][];
    for (int p = 0; p < blocks.length; p++) {
      blocks[p] = new int[] {2000 + 10 * p, 3000};
    }
    long total = total(blocks);
    BatchPlanner planner = new BatchPlanner(blocks, 4096, true, 1);
    long rows = 0;
    long start = System.nanoTime();
    Iterator<StepPlan> it = planner.epoch(1);
    while (it.hasNext()) {
      it.next();
      rows += 1;
    }
    assertEquals(planner.stepsPerEpoch(), rows);
    assertEquals((total + 4095) / 4096, rows);
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "planning took too long");
  }
}
