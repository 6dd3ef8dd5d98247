package dev.iotjobs.bridge.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A broker without MQTT 5, as older brokers are: in front of a real Mosquitto, a CONNECT asking for MQTT 5 gets the
 * MQTT 3.1.1 refusal (CONNACK "unacceptable protocol version") and the connection is closed; any other connection is
 * passed through to Mosquitto byte for byte.
 */
final class Mqtt311OnlyBroker implements AutoCloseable {
  private static final int PROTOCOL_LEVEL_5 = 5;
  private final ServerSocket server;
  private final MosquittoBroker behind;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger refused = new AtomicInteger();

  Mqtt311OnlyBroker(MosquittoBroker behind) throws IOException {
    this.behind = behind;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "mqtt-3.1.1-only-broker");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "tcp://127.0.0.1:" + server.getLocalPort();
  }

  /** How many MQTT 5 connects were refused. */
  int refusedMqtt5() {
    return refused.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        Thread serve = new Thread(() -> serve(client), "mqtt-3.1.1-only-connection");
        serve.setDaemon(true);
        serve.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try {
      InputStream in = client.getInputStream();
      byte[] connect = firstPacket(in);
      if (protocolLevel(connect) == PROTOCOL_LEVEL_5) {
        refused.incrementAndGet();
        client.getOutputStream().write(new byte[] {0x20, 0x02, 0x00, 0x01});
        client.getOutputStream().flush();
        client.close();
        return;
      }
      Socket broker = new Socket(behind.uri().getHost(), behind.uri().getPort());
      sockets.add(broker);
      broker.getOutputStream().write(connect);
      pipe(broker.getInputStream(), client.getOutputStream(), client, broker);
      pipe(in, broker.getOutputStream(), client, broker);
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  /** The fixed header (type, remaining length) and the rest of the first packet. */
  private static byte[] firstPacket(InputStream in) throws IOException {
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    packet.write(read(in));
    int remaining = 0;
    int multiplier = 1;
    int next;
    do {
      next = read(in);
      packet.write(next);
      remaining += (next & 0x7F) * multiplier;
      multiplier *= 128;
    } while ((next & 0x80) != 0);
    packet.write(in.readNBytes(remaining));
    return packet.toByteArray();
  }

  /** CONNECT's variable header: after the fixed header, the protocol name (length-prefixed), then the level. */
  private static int protocolLevel(byte[] connect) {
    int at = 1;
    while ((connect[at] & 0x80) != 0) {
      at++;
    }
    at++;
    int nameLength = ((connect[at] & 0xFF) << 8) | (connect[at + 1] & 0xFF);
    return connect[at + 2 + nameLength];
  }

  private static int read(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new IOException("closed before a whole packet");
    }
    return b;
  }

  private void pipe(InputStream from, OutputStream to, Socket one, Socket other) {
    Thread copy = new Thread(() -> {
      try {
        from.transferTo(to);
      } catch (IOException e) {
        // one side closed: close both below
      } finally {
        closeQuietly(one);
        closeQuietly(other);
      }
    }, "mqtt-3.1.1-only-pipe");
    copy.setDaemon(true);
    copy.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sockets.forEach(Mqtt311OnlyBroker::closeQuietly);
  }
}
