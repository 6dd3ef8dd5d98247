package dev.iotjobs.bridge.it;

import static dev.iotjobs.bridge.it.BridgeHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotjobs.bridge.BridgeSettings;
import dev.iotjobs.bridge.DeviceBridge;
import dev.iotjobs.embedded.EmbeddedKubernetes;
import java.time.Clock;
import java.util.List;
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
          base.throttlePerSecond(), base.throttleBurst(), 2, false, null, java.util.Set.of(), dev.iotjobs.bridge.mqtt.MqttProtocol.AUTO);
      try (DeviceBridge bridge = new DeviceBridge(api.client(), settings, Clock.systemUTC())) {
        bridge.start();
        eventually().untilAsserted(() -> assertThat(bridge.isReady()).isTrue());
      }
      BridgeSettings withoutClientCertificate = new BridgeSettings(base.brokerUrl(), null, null, "anonymous",
          base.topicRoot(), certs.ca().toString(), null, null, base.namespaces(), -1, 1, 1, 1, false, null, java.util.Set.of(), dev.iotjobs.bridge.mqtt.MqttProtocol.AUTO);
      try (DeviceBridge refused = new DeviceBridge(api.client(), withoutClientCertificate, Clock.systemUTC())) {
        assertThatThrownBy(refused::start).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("cannot connect to MQTT broker");
      }
    }
  }

  private static BridgeSettings tls(MosquittoBroker broker, java.nio.file.Path ca, java.nio.file.Path cert,
      java.nio.file.Path key) {
    BridgeSettings base = BridgeSettings.defaults(broker.url());
    return new BridgeSettings(base.brokerUrl(), null, null, "tls-bridge", base.topicRoot(), ca.toString(),
        cert == null ? null : cert.toString(), key == null ? null : key.toString(), base.namespaces(), -1,
        base.throttlePerSecond(), base.throttleBurst(), 2, false, null, java.util.Set.of(), dev.iotjobs.bridge.mqtt.MqttProtocol.AUTO);
  }

  /** cert-manager writes PKCS#1 RSA keys by default; EC keys come as SEC1: both are accepted as PKCS#8 is. */
  @Test
  void connectsWithPkcs1AndEcClientKeys() throws Exception {
    TestCertificates certs = TestCertificates.create("iot-jobs-bridge");
    try (MosquittoBroker broker = MosquittoBroker.withMutualTls(certs);
         EmbeddedKubernetes api = new EmbeddedKubernetes()) {
      for (BridgeSettings settings : List.of(tls(broker, certs.ca(), certs.clientCert(), certs.clientKeyPkcs1()),
          tls(broker, certs.ca(), certs.ecClientCert(), certs.ecClientKey()))) {
        try (DeviceBridge bridge = new DeviceBridge(api.client(), settings, Clock.systemUTC())) {
          bridge.start();
          eventually().untilAsserted(() -> assertThat(bridge.isReady()).isTrue());
        }
      }
    }
  }

  /** A Secret with only ca.crt: TLS that checks the broker, no client certificate. */
  @Test
  void connectsWithOnlyTheCaToServerOnlyTls() throws Exception {
    TestCertificates certs = TestCertificates.create("unused");
    try (MosquittoBroker broker = MosquittoBroker.withServerTls(certs);
         EmbeddedKubernetes api = new EmbeddedKubernetes()) {
      try (DeviceBridge bridge = new DeviceBridge(api.client(), tls(broker, certs.ca(), null, null), Clock.systemUTC())) {
        bridge.start();
        eventually().untilAsserted(() -> assertThat(bridge.isReady()).isTrue());
      }
    }
  }

  @Test
  void aMissingKeyFileIsAClearError() throws Exception {
    TestCertificates certs = TestCertificates.create("iot-jobs-bridge");
    try (MosquittoBroker broker = MosquittoBroker.withMutualTls(certs);
         EmbeddedKubernetes api = new EmbeddedKubernetes()) {
      assertThatThrownBy(() -> new DeviceBridge(api.client(), tls(broker, certs.ca(), certs.clientCert(),
          certs.ca().resolveSibling("no-such.key")), Clock.systemUTC())).hasMessageContaining("no-such.key");
    }
  }
}
