package dev.descent.spark.ml.engine;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * One TCP connection of a barrier stage, carrying length-prefixed frames. Reads wait in slices of
 * {@link #POLL_MILLIS} and between slices ask a {@link Liveness} whether to go on, so that a side
 * whose peer has died or whose Spark job has ended stops waiting instead of hanging; a read
 * interrupted by a slice keeps what it has read.
 */
final class Channel implements AutoCloseable {

  /** How long a read waits before asking whether to go on waiting. */
  static final int POLL_MILLIS = 500;

  /** Asked between slices of a read: throws to stop waiting. */
  @FunctionalInterface
  interface Liveness {
    void check() throws IOException;
  }

  private final Socket socket;
  private final InputStream in;
  private final DataOutputStream out;
  private final Liveness liveness;
  private final byte[] intBuffer = new byte[4];

  Channel(Socket socket, Liveness liveness) throws IOException {
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(POLL_MILLIS);
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
    this.liveness = liveness;
  }

  /** Connects to {@code host:port}, trying for up to {@code timeoutMillis}. */
  static Channel connect(String host, int port, int timeoutMillis, Liveness liveness)
      throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), timeoutMillis);
    return new Channel(socket, liveness);
  }

  void writeInt(int value) throws IOException {
    out.writeInt(value);
  }

  void writeLong(long value) throws IOException {
    out.writeLong(value);
  }

  /** Writes {@code bytes} as one frame; null is written as a frame of length -1. */
  void writeFrame(byte[] bytes) throws IOException {
    out.writeInt(bytes == null ? -1 : bytes.length);
    if (bytes != null) {
      out.write(bytes);
    }
  }

  void flush() throws IOException {
    out.flush();
  }

  int readInt() throws IOException {
    readFully(intBuffer, intBuffer.length);
    return ByteBuffer.wrap(intBuffer).getInt();
  }

  long readLong() throws IOException {
    byte[] bytes = new byte[8];
    readFully(bytes, 8);
    return ByteBuffer.wrap(bytes).getLong();
  }

  /** The next frame, or null for a frame of length -1. */
  byte[] readFrame() throws IOException {
    int length = readInt();
    if (length < -1) {
      throw new IOException("corrupt frame length " + length + " from " + peer());
    }
    if (length == -1) {
      return null;
    }
    byte[] bytes = new byte[length];
    readFully(bytes, length);
    return bytes;
  }

  private void readFully(byte[] bytes, int length) throws IOException {
    int read = 0;
    while (read < length) {
      int n;
      try {
        n = in.read(bytes, read, length - read);
      } catch (SocketTimeoutException e) {
        liveness.check();
        continue;
      }
      if (n < 0) {
        throw new EOFException("the connection to " + peer() + " closed");
      }
      read += n;
    }
  }

  String peer() {
    return String.valueOf(socket.getRemoteSocketAddress());
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is best effort: the peer sees the connection end either way.
    }
  }

  /** {@code value} in Java serialization, as Spark ships a task's closure. */
  static byte[] serialize(Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads what {@link #serialize} wrote, resolving classes through the thread's context class
   * loader, which on an executor is the one that holds the application's jars.
   */
  static Object deserialize(byte[] bytes) throws IOException {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      protected Class<?> resolveClass(ObjectStreamClass desc)
          throws IOException, ClassNotFoundException {
        try {
          return Class.forName(desc.getName(), false, loader);
        } catch (ClassNotFoundException e) {
          return super.resolveClass(desc);
        }
      }
    }) {
      return in.readObject();
    } catch (ClassNotFoundException e) {
      throw new IOException("cannot read a barrier message: " + e.getMessage(), e);
    }
  }
}
