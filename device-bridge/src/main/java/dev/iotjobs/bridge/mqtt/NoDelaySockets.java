package dev.iotjobs.bridge.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sockets with Nagle's algorithm off. Requests and answers are small packets: with Nagle on, one waits for the
 * broker's delayed ACK (about 40 ms on Linux) whenever another is still unacknowledged, which is most of a round
 * trip's time on a fast network. Paho leaves the option alone, so the bridge brings its own socket factory.
 */
final class NoDelaySockets {
  private NoDelaySockets() {}

  static SocketFactory plain() {
    return new SocketFactory() {
      @Override
      public Socket createSocket() throws IOException {
        return noDelay(new Socket());
      }

      @Override
      public Socket createSocket(String host, int port) throws IOException {
        return noDelay(new Socket(host, port));
      }

      @Override
      public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return noDelay(new Socket(host, port, localHost, localPort));
      }

      @Override
      public Socket createSocket(InetAddress host, int port) throws IOException {
        return noDelay(new Socket(host, port));
      }

      @Override
      public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return noDelay(new Socket(address, port, localAddress, localPort));
      }
    };
  }

  /** TLS stays TLS: Paho requires an SSLSocketFactory for ssl:// brokers. */
  static SSLSocketFactory tls(SSLSocketFactory delegate) {
    return new SSLSocketFactory() {
      @Override
      public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
      }

      @Override
      public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
      }

      @Override
      public Socket createSocket() throws IOException {
        return noDelay(delegate.createSocket());
      }

      @Override
      public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return noDelay(delegate.createSocket(socket, host, port, autoClose));
      }

      @Override
      public Socket createSocket(String host, int port) throws IOException {
        return noDelay(delegate.createSocket(host, port));
      }

      @Override
      public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return noDelay(delegate.createSocket(host, port, localHost, localPort));
      }

      @Override
      public Socket createSocket(InetAddress host, int port) throws IOException {
        return noDelay(delegate.createSocket(host, port));
      }

      @Override
      public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return noDelay(delegate.createSocket(address, port, localAddress, localPort));
      }
    };
  }

  private static Socket noDelay(Socket socket) throws IOException {
    socket.setTcpNoDelay(true);
    return socket;
  }
}
