package dev.iotjobs.bridge.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

class NoDelaySocketsTest {
  @Test
  void plainSocketsHaveNagleOff() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket unconnected = NoDelaySockets.plain().createSocket();
        Socket connected = NoDelaySockets.plain().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
      assertThat(unconnected.getTcpNoDelay()).isTrue();
      assertThat(connected.getTcpNoDelay()).isTrue();
    }
  }

  @Test
  void tlsSocketsHaveNagleOffAndStayTls() throws Exception {
    SSLSocketFactory factory = NoDelaySockets.tls((SSLSocketFactory) SSLSocketFactory.getDefault());
    try (Socket socket = factory.createSocket()) {
      assertThat(socket).isInstanceOf(javax.net.ssl.SSLSocket.class);
      assertThat(socket.getTcpNoDelay()).isTrue();
    }
  }
}
