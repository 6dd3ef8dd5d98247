package dev.iotjobs.bridge.it;

import static dev.iotjobs.bridge.it.BridgeHarness.NS;
import static dev.iotjobs.bridge.it.BridgeHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.PresignedUrlConfig;
import dev.iotjobs.device.JobsClient;
import dev.iotjobs.device.JobsResponse;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.junit.jupiter.api.AfterEach;
import dev.iotjobs.api.model.ExecutionStatus;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** A simulated device downloads a real object through the presigned URL it got, from an S3-compatible server. */
class PresignedUrlIT {
  private static final byte[] FIRMWARE = "firmware 2.1.0 image".getBytes(StandardCharsets.UTF_8);
  private final BridgeHarness h = new BridgeHarness(null);
  private final HttpClient http = HttpClient.newHttpClient();
  private S3Proxy s3;
  private URI endpoint;

  @BeforeEach
  void startS3() throws Exception {
    Path dir = Files.createTempDirectory("s3");
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", dir.toString());
    properties.setProperty("jclouds.identity", "test-access");
    properties.setProperty("jclouds.credential", "test-secret");
    BlobStore store = BlobStores.create("filesystem", properties);
    store.createContainer("firmware");
    store.putBlob(PutObjectRequest.builder().bucket("firmware").key("2.1.0.bin").contentLength((long) FIRMWARE.length).build(),
        new ByteArrayInputStream(FIRMWARE));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    endpoint = URI.create("http://127.0.0.1:" + port);
    s3 = S3Proxy.builder().blobStore(store).endpoint(endpoint)
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "test-access", "test-secret").build();
    s3.start();
    eventually().until(() -> "STARTED".equals(s3.getState()));
  }

  @AfterEach
  void stop() throws Exception {
    s3.stop();
    h.close();
  }

  private void job(String name, String secret, String... things) {
    IoTJob job = h.newJob(name, things);
    job.getSpec().setDocument(Serialization.jsonMapper().createObjectNode().put("operation", "download")
        .put("url", "${iot:s3-presigned-url:s3://firmware/2.1.0.bin}")
        .put("mirror", "${aws:iot:s3-presigned-url:https://s3.amazonaws.com/firmware/2.1.0.bin}")
        .put("note", "plain text stays"));
    PresignedUrlConfig presigned = new PresignedUrlConfig();
    presigned.setExpiresInSec(120L);
    PresignedUrlConfig.SecretRef ref = new PresignedUrlConfig.SecretRef();
    ref.setName(secret);
    presigned.setCredentialsSecretRef(ref);
    job.getSpec().setPresignedUrlConfig(presigned);
    h.client.resource(job).create();
  }

  private HttpResponse<byte[]> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void theDeviceDownloadsThroughItsUrlAndATamperedUrlIsRefused() throws Exception {
    h.client.resource(new SecretBuilder().withNewMetadata().withName("s3-creds").withNamespace(NS).endMetadata()
        .withStringData(Map.of("endpoint", endpoint.toString(), "region", "us-east-1", "accessKeyId", "test-access",
            "secretAccessKey", "test-secret"))
        .build()).create();
    h.thing("t1");
    job("fw", "s3-creds", "t1");
    h.queue("fw", "t1");
    h.startBridge();
    JobsClient device = h.device("t1");

    JobsResponse next = device.startNext(null, null).join();
    JsonNode document = next.execution().get("jobDocument");
    String url = document.get("url").asText();
    assertThat(url).startsWith(endpoint + "/firmware/2.1.0.bin?").contains("X-Amz-Signature=").contains("X-Amz-Expires=120");
    assertThat(document.get("mirror").asText()).startsWith(endpoint + "/firmware/2.1.0.bin?");
    assertThat(document.get("note").asText()).isEqualTo("plain text stays");

    HttpResponse<byte[]> download = get(url);
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(FIRMWARE);
    // one hex digit of the signature changed (to another: a signature may start with 0, one in sixteen)
    char first = url.charAt(url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length());
    String tampered = url.replaceFirst("X-Amz-Signature=.", "X-Amz-Signature=" + (first == '0' ? '1' : '0'));
    assertThat(tampered).isNotEqualTo(url);
    assertThat(get(tampered).statusCode()).isEqualTo(403);
    assertThat(get(endpoint + "/firmware/2.1.0.bin").statusCode()).as("unsigned").isEqualTo(403);

    IoTJob stored = h.client.resources(IoTJob.class).inNamespace(NS).withName("fw").get();
    assertThat(stored.getSpec().getDocument().get("url").asText()).isEqualTo("${iot:s3-presigned-url:s3://firmware/2.1.0.bin}");
  }

  @Test
  void aMissingSecretRefusesTheDeliveryWithAClearMessage() {
    h.thing("t1");
    job("fw", "no-such-secret", "t1");
    h.queue("fw", "t1");
    JobsClient device = h.device("t1");
    List<JsonNode> notifyNext = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<JsonNode> notify = new java.util.concurrent.CopyOnWriteArrayList<>();
    device.onNotifyNext(notifyNext::add);
    device.onNotify(notify::add);
    h.startBridge();
    // the bridge announces the queued execution when it connects: the list, but no notify-next without its document
    eventually().until(() -> !notify.isEmpty());
    JobsResponse response = device.describe("fw", true).join();
    assertThat(response.accepted()).isFalse();
    assertThat(response.body().get("message").asText()).contains("Secret no-such-secret");

    // start-next and an update that asks for the document are refused, and nothing is written
    JobsResponse startNext = device.startNext(null, null).join();
    assertThat(startNext.accepted()).isFalse();
    assertThat(startNext.code()).isEqualTo("InternalError");
    JobsResponse update = device.request("$aws/things/t1/jobs/fw/update",
        Serialization.jsonMapper().createObjectNode().put("status", "IN_PROGRESS").put("includeJobDocument", true)).join();
    assertThat(update.accepted()).isFalse();
    assertThat(h.execution("fw", "t1").getStatus().getStatus()).isEqualTo(ExecutionStatus.QUEUED);
    assertThat(h.execution("fw", "t1").getStatus().getVersionNumber()).isEqualTo(1);
    assertThat(notifyNext).as("no notify-next without its document").isEmpty();
  }
}
