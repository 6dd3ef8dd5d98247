package dev.iotjobs.bridge.it;

import static dev.iotjobs.bridge.it.BridgeHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotjobs.bridge.BridgeSettings;
import dev.iotjobs.bridge.DeviceBridge;
import dev.iotjobs.embedded.EmbeddedKubernetes;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The bridge connects to a broker that requires TLS with a client certificate, from PEM files. */
class MutualTlsIT {

  @Test
  void connectsWithCaAndClientCertificate() throws Exception {
    TestCertificates certs = TestCertificates.create("iot-jobs-bridge");
    try (MosquittoBroker broker = MosquittoBroker.withMutualTls(certs);
         EmbeddedKubernetes api = new EmbeddedKubernetes()) {
      BridgeSettings base = BridgeSettings.defaults(broker.url());
      BridgeSettings settings = new BridgeSettings(base.brokerUrl(), null, null, "tls-bridge", base.topicRoot(),
          certs.ca().toString(), certs.clientCert().toString(), certs.clientKey().toString(), base.namespaces(), -1,
          base.throttlePerSecond(), base.throttleBurst(), 2, false);
      try (DeviceBridge bridge = new DeviceBridge(api.client(), settings, Clock.systemUTC())) {
        bridge.start();
        eventually().untilAsserted(() -> assertThat(bridge.isReady()).isTrue());
      }
      BridgeSettings withoutClientCertificate = new BridgeSettings(base.brokerUrl(), null, null, "anonymous",
          base.topicRoot(), certs.ca().toString(), null, null, base.namespaces(), -1, 1, 1, 1, false);
      try (DeviceBridge refused = new DeviceBridge(api.client(), withoutClientCertificate, Clock.systemUTC())) {
        assertThatThrownBy(refused::start).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("cannot connect to MQTT broker");
      }
    }
  }
}
