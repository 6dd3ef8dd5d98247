package dev.iotjobs.bridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobSpec;
import dev.iotjobs.api.model.PresignedUrlConfig;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresignedUrlsTest {
  private final List<String> signed = new ArrayList<>();
  private final S3Signers.Signer signer = (bucket, key, expiry) -> {
    signed.add(bucket + "/" + key + "@" + expiry.getSeconds());
    return "https://signed.example/" + bucket + "/" + key + "?sig=1";
  };

  private IoTJob job(String json, Long expires) throws Exception {
    IoTJob job = new IoTJob();
    job.setMetadata(new ObjectMetaBuilder().withName("j").withNamespace("ns").build());
    IoTJobSpec spec = new IoTJobSpec();
    spec.setDocument(Serialization.jsonMapper().readTree(json));
    if (expires != null) {
      PresignedUrlConfig config = new PresignedUrlConfig();
      config.setExpiresInSec(expires);
      PresignedUrlConfig.SecretRef ref = new PresignedUrlConfig.SecretRef();
      ref.setName("creds");
      config.setCredentialsSecretRef(ref);
      spec.setPresignedUrlConfig(config);
    }
    job.setSpec(spec);
    return job;
  }

  private PresignedUrls renderer() {
    return new PresignedUrls(new S3Signers(null, java.time.Clock.systemUTC()) {
      @Override
      public Signer forSecret(String namespace, String name) {
        return signer;
      }
    });
  }

  @Test
  void everyFormIsReplacedInNestedValuesAndTheStoredDocumentIsUntouched() throws Exception {
    IoTJob job = job("{\"a\":\"${iot:s3-presigned-url:s3://fw-bucket/v2/app.bin}\","
        + "\"steps\":[{\"url\":\"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/fw-bucket/x.bin}\"},"
        + "\"get ${aws:iot:s3-presigned-url-v2:https://fw-bucket.s3.eu-west-1.amazonaws.com/y.bin} now\"],\"n\":3}", 900L);
    var rendered = renderer().render(job);
    assertThat(rendered.get("a").asText()).isEqualTo("https://signed.example/fw-bucket/v2/app.bin?sig=1");
    assertThat(rendered.get("steps").get(0).get("url").asText()).isEqualTo("https://signed.example/fw-bucket/x.bin?sig=1");
    assertThat(rendered.get("steps").get(1).asText()).isEqualTo("get https://signed.example/fw-bucket/y.bin?sig=1 now");
    assertThat(rendered.get("n").asInt()).isEqualTo(3);
    assertThat(signed).containsExactly("fw-bucket/v2/app.bin@900", "fw-bucket/x.bin@900", "fw-bucket/y.bin@900");
    assertThat(job.getSpec().getDocument().get("a").asText()).startsWith("${iot:s3-presigned-url:");
  }

  @Test
  void documentsWithoutPlaceholdersNeedNoConfig() throws Exception {
    assertThat(renderer().render(job("{\"op\":\"reboot\"}", null)).get("op").asText()).isEqualTo("reboot");
  }

  @Test
  void problemsRefuseTheWholeDelivery() throws Exception {
    assertThatThrownBy(() -> renderer().render(job("{\"u\":\"${iot:s3-presigned-url:s3://b/k}\"}", null)))
        .isInstanceOf(RequestException.class).hasMessageContaining("no presignedUrlConfig");
    assertThatThrownBy(() -> renderer().render(job("{\"u\":\"${iot:s3-presigned-url:ftp://nowhere}\"}", 60L)))
        .isInstanceOf(RequestException.class).hasMessageContaining("ftp://nowhere");
    assertThatThrownBy(() -> PresignedUrls.parse("s3://bucket-only")).isInstanceOf(RequestException.class);
  }
}
