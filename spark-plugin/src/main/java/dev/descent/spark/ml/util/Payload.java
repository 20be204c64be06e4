package dev.descent.spark.ml.util;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes a partial result travels as between tasks and to the driver (see
 * {@link TreeAggregation}): scalars, and vectors that share one support, each written densely or
 * as index/value pairs, whichever is smaller. Encoding to bytes ourselves, rather than leaving it
 * to Spark's serializer, keeps a sparse gradient sparse whether the cluster serializes with Java
 * or Kryo (Kryo would skip a custom {@code writeObject}), and every value is written with all its
 * bits (a -0.0 stays -0.0), so decoding gives back exactly what was encoded.
 */
public final class Payload {

  private Payload() {}

  /**
   * The positions at which any of {@code vectors} (all of one length) holds a value other than
   * +0.0, or null when writing all of them densely is no larger: an index costs 4 bytes. One pass,
   * which stops as soon as dense is known to be smaller.
   */
  public static int[] support(double[]... vectors) {
    int length = requireOneLength(vectors);
    // Sparse costs (4 + 8k) bytes a position against 8k densely: at most this many positions.
    long most = 8L * vectors.length * length / (4L + 8L * vectors.length);
    int[] support = new int[(int) Math.min(most, 1024)];
    int count = 0;
    for (int i = 0; i < length; i++) {
      if (vectors.length == 1 ? Double.doubleToRawLongBits(vectors[0][i]) != 0L
          : nonZeroAt(vectors, i)) {
        if (count == most) {
          return null;
        }
        if (count == support.length) {
          support = Arrays.copyOf(support, (int) Math.min(most, 2L * count));
        }
        support[count++] = i;
      }
    }
    return Arrays.copyOf(support, count);
  }

  private static int requireOneLength(double[][] vectors) {
    for (double[] vector : vectors) {
      if (vector.length != vectors[0].length) {
        throw new IllegalArgumentException("vectors sent together must have one length, got "
            + vector.length + " and " + vectors[0].length);
      }
    }
    return vectors[0].length;
  }

  private static boolean nonZeroAt(double[][] vectors, int i) {
    for (double[] vector : vectors) {
      if (Double.doubleToRawLongBits(vector[i]) != 0L) {
        return true;
      }
    }
    return false;
  }

  /**
   * Bytes that {@link Writer#putVectors} takes for {@code count} vectors of {@code length} on
   * {@code support} (null for dense).
   */
  public static long vectorBytes(int length, int[] support, int count) {
    // The length and the layout byte; a sparse one adds the support's size.
    return support == null ? 5L + 8L * count * length : 9L + (4L + 8L * count) * support.length;
  }

  /** Writes a payload of a size known in advance. */
  public static final class Writer {

    private final ByteBuffer buffer;

    public Writer(long bytes) {
      if (bytes > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("a partial result of " + bytes + " bytes is larger"
            + " than one task result can be (2 GiB); the model has too many parameters");
      }
      buffer = ByteBuffer.allocate((int) bytes);
    }

    public Writer putDouble(double value) {
      buffer.putDouble(value);
      return this;
    }

    public Writer putLong(long value) {
      buffer.putLong(value);
      return this;
    }

    /**
     * Writes {@code vectors}, all of one length, on {@code support} (from
     * {@link Payload#support}, null for dense).
     */
    public Writer putVectors(int[] support, double[]... vectors) {
      int length = requireOneLength(vectors);
      buffer.putInt(length);
      buffer.put((byte) (support == null ? 0 : 1));
      if (support == null) {
        for (double[] vector : vectors) {
          buffer.asDoubleBuffer().put(vector);
          buffer.position(buffer.position() + 8 * length);
        }
      } else {
        buffer.putInt(support.length);
        buffer.asIntBuffer().put(support);
        buffer.position(buffer.position() + 4 * support.length);
        for (double[] vector : vectors) {
          for (int i : support) {
            buffer.putDouble(vector[i]);
          }
        }
      }
      return this;
    }

    /** The bytes written; the writer must have been sized exactly. */
    public byte[] bytes() {
      if (buffer.hasRemaining()) {
        throw new IllegalStateException("payload sized " + buffer.capacity() + " bytes, "
            + buffer.position() + " written");
      }
      return buffer.array();
    }
  }

  /** Reads a payload in the order it was written. */
  public static final class Reader {

    private final ByteBuffer buffer;

    public Reader(byte[] bytes) {
      buffer = ByteBuffer.wrap(bytes);
    }

    public double getDouble() {
      return buffer.getDouble();
    }

    public long getLong() {
      return buffer.getLong();
    }

    /**
     * Adds the vectors written together by {@link Writer#putVectors} into {@code targets}, in
     * place, without allocating: exactly what adding their decoded values would give, a zero's
     * sign included (adding +0.0 turns a -0.0 into +0.0).
     */
    public void addVectorsTo(double[]... targets) {
      try {
        int length = buffer.getInt();
        if (length != targets[0].length) {
          throw new IllegalStateException("a partial result of " + length
              + " values cannot be added to " + targets[0].length);
        }
        boolean sparse = buffer.get() == 1;
        if (!sparse) {
          for (double[] target : targets) {
            for (int i = 0; i < length; i++) {
              target[i] += buffer.getDouble();
            }
          }
          return;
        }
        int[] support = new int[buffer.getInt()];
        buffer.asIntBuffer().get(support);
        buffer.position(buffer.position() + 4 * support.length);
        for (double[] target : targets) {
          int k = 0;
          for (int i = 0; i < length; i++) {
            if (k < support.length && support[k] == i) {
              target[i] += buffer.getDouble();
              k++;
            } else {
              target[i] += 0.0;
            }
          }
        }
      } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
        throw new IllegalStateException("a partial result is truncated or corrupt", e);
      }
    }

    /** Reads {@code count} vectors written together by {@link Writer#putVectors}. */
    public double[][] getVectors(int count) {
      try {
        int length = buffer.getInt();
        boolean sparse = buffer.get() == 1;
        double[][] vectors = new double[count][length];
        if (!sparse) {
          for (double[] vector : vectors) {
            buffer.asDoubleBuffer().get(vector);
            buffer.position(buffer.position() + 8 * length);
          }
          return vectors;
        }
        int[] support = new int[buffer.getInt()];
        buffer.asIntBuffer().get(support);
        buffer.position(buffer.position() + 4 * support.length);
        for (double[] vector : vectors) {
          for (int i : support) {
            vector[i] = buffer.getDouble();
          }
        }
        return vectors;
      } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
        throw new IllegalStateException("a partial result is truncated or corrupt", e);
      }
    }
  }
}
