package dev.descent.spark.ml.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.junit.jupiter.api.Test;

/** Blocks keep every row as read, in order, in the layout their density calls for. */
class BlockBuilderTest {

  private static final int FEATURES = 6;

  /** Row i of all blocks, densely, read back through the blocks' own kernel. */
  private static double[][] read(List<RowBlock> blocks) {
    List<double[]> rows = new ArrayList<>();
    for (RowBlock block : blocks) {
      for (int i = 0; i < block.numRows(); i++) {
        double[] row = new double[FEATURES];
        block.addRows(null, i, i + 1, new double[] {1.0}, 0, row, 0);
        rows.add(row);
      }
    }
    return rows.toArray(double[][]::new);
  }

  private static double[][] build(BlockBuilder builder, List<Vector> vectors) {
    for (int i = 0; i < vectors.size(); i++) {
      builder.add(i, 1.0 + i, vectors.get(i));
    }
    return read(builder.finish());
  }

  @Test
  void sparseVectorsOfDenseDataGoIntoDenseBlocksAndBack() {
    List<Vector> vectors = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      vectors.add(Vectors.dense(1, 2, 3, 4, 5, i).toSparse());
    }
    BlockBuilder builder = new BlockBuilder(0, FEATURES, 1.0);
    for (Vector v : vectors) {
      builder.add(0.0, 1.0, v);
    }
    List<RowBlock> blocks = builder.finish();
    assertEquals(1, blocks.size());
    assertInstanceOf(DenseRowBlock.class, blocks.get(0));
    for (int i = 0; i < 5; i++) {
      assertArrayEquals(vectors.get(i).toArray(), read(blocks)[i], 0.0);
    }
  }

  @Test
  void denseVectorsOfSparseDataGoIntoSparseBlocks() {
    List<Vector> vectors = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      vectors.add(Vectors.dense(0, 0, i, 0, 0, -1));
    }
    BlockBuilder builder = new BlockBuilder(3, FEATURES, 1.0);
    double[][] rows = build(builder, vectors);
    for (int i = 0; i < 5; i++) {
      assertArrayEquals(vectors.get(i).toArray(), rows[i], 0.0);
    }
  }

  @Test
  void smallBlocksSplitTheRowsInOrderWithLabelsWeightsAndPlaces() {
    Random random = new Random(11);
    List<Vector> vectors = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      double[] values = new double[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        values[j] = random.nextInt(4) == 0 ? 0.0 : random.nextGaussian();
      }
      // Runs of dense and of very sparse rows, in both vector types.
      boolean sparseRun = (i / 40) % 2 == 1;
      if (sparseRun) {
        java.util.Arrays.fill(values, 1, FEATURES, 0.0);
      }
      Vector v = Vectors.dense(values);
      vectors.add(i % 3 == 0 ? v.toSparse() : v);
    }
    // 1 KB blocks: about 16 dense rows (16 + 8 * 6 bytes each).
    BlockBuilder builder = new BlockBuilder(2, FEATURES, 1.0 / 1024);
    for (int i = 0; i < vectors.size(); i++) {
      builder.add(i, 0.5 * i, vectors.get(i));
    }
    List<RowBlock> blocks = builder.finish();
    assertTrue(blocks.size() > 10, blocks.size() + " blocks");
    assertTrue(blocks.stream().anyMatch(b -> b instanceof SparseRowBlock));
    assertTrue(blocks.stream().anyMatch(b -> b instanceof DenseRowBlock));
    double[][] rows = read(blocks);
    assertEquals(vectors.size(), rows.length);
    int row = 0;
    for (int b = 0; b < blocks.size(); b++) {
      RowBlock block = blocks.get(b);
      assertEquals(2, block.partition());
      assertEquals(b, block.index());
      // At most one row past the limit, and that row's cost at most as a sparse one.
      assertTrue(block.featureBytes() + 16L * block.numRows() <= 1024 + 4 + 20 + 12 * FEATURES,
          "block " + b + " is " + block.featureBytes() + " bytes");
      for (int i = 0; i < block.numRows(); i++, row++) {
        assertEquals(row, block.label(i), 0.0);
        assertEquals(0.5 * row, block.weight(i), 0.0);
        assertArrayEquals(vectors.get(row).toArray(), rows[row], 0.0, "row " + row);
      }
    }
  }

  @Test
  void aDenseBlockGrowsWithItsRowsUpToTheBlockSize() {
    Random random = new Random(12);
    List<Vector> vectors = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      double[] values = new double[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        values[j] = 1 + random.nextInt(9);
      }
      vectors.add(Vectors.dense(values));
    }
    // 256 MB blocks hold all 1000 rows in one block, which doubles from 16 rows six times.
    List<RowBlock> one = new ArrayList<>();
    BlockBuilder builder = new BlockBuilder(0, FEATURES, 256);
    for (int i = 0; i < vectors.size(); i++) {
      builder.add(i, 1.0, vectors.get(i));
    }
    one.addAll(builder.finish());
    assertEquals(1, one.size());
    DenseRowBlock block = assertInstanceOf(DenseRowBlock.class, one.get(0));
    assertEquals(1000L * FEATURES * 8, block.featureBytes());
    double[][] rows = read(one);
    for (int i = 0; i < vectors.size(); i++) {
      assertArrayEquals(vectors.get(i).toArray(), rows[i], 0.0, "row " + i);
    }
    // A partition of three rows reserves room for 16, not for a 256 MB block's 2.8 million.
    BlockBuilder tiny = new BlockBuilder(1, FEATURES, 256);
    for (int i = 0; i < 3; i++) {
      tiny.add(i, 1.0, vectors.get(i));
    }
    assertEquals(16, tiny.denseRowsReserved());
    assertEquals(3L * FEATURES * 8, tiny.finish().get(0).featureBytes());
  }
}
