package dev.iotjobs.bridge.protocol;

import static dev.iotjobs.api.execution.RejectionCode.InternalError;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * S3 SigV4 presigners (AWS SDK) built from a Secret: {@code endpoint} (any S3-compatible store; omit for AWS),
 * {@code region} (default us-east-1), {@code accessKeyId}, {@code secretAccessKey}, optional {@code sessionToken}
 * and {@code pathStyle} (default true with an endpoint). Secrets are read again after a short while, so a rotated
 * credential is picked up.
 */
public class S3Signers {
  private static final Duration REFRESH = Duration.ofSeconds(30);
  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /** Presigns GET requests. */
  public interface Signer {
    String presignGet(String bucket, String key, Duration expiry);
  }

  private record Cached(Instant readAt, String resourceVersion, Signer signer) {}

  public S3Signers(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public Signer forSecret(String namespace, String name) throws RequestException {
    String key = namespace + "/" + name;
    Cached cached = cache.get(key);
    Instant now = clock.instant();
    if (cached != null && now.isBefore(cached.readAt().plus(REFRESH))) {
      return cached.signer();
    }
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      throw new RequestException(InternalError, "Secret " + name + " named in presignedUrlConfig does not exist;"
          + " the document cannot be delivered");
    }
    if (cached != null && cached.resourceVersion().equals(secret.getMetadata().getResourceVersion())) {
      cache.put(key, new Cached(now, cached.resourceVersion(), cached.signer()));
      return cached.signer();
    }
    Signer signer = signer(name, secret);
    cache.put(key, new Cached(now, secret.getMetadata().getResourceVersion(), signer));
    return signer;
  }

  private static Signer signer(String name, Secret secret) throws RequestException {
    String accessKey = value(secret, "accessKeyId");
    String secretKey = value(secret, "secretAccessKey");
    if (accessKey == null || secretKey == null) {
      throw new RequestException(InternalError, "Secret " + name + " needs accessKeyId and secretAccessKey");
    }
    String sessionToken = value(secret, "sessionToken");
    AwsCredentials credentials = sessionToken == null ? AwsBasicCredentials.create(accessKey, secretKey)
        : AwsSessionCredentials.create(accessKey, secretKey, sessionToken);
    String endpoint = value(secret, "endpoint");
    String region = value(secret, "region");
    String pathStyle = value(secret, "pathStyle");
    S3Presigner.Builder builder = S3Presigner.builder()
        .region(Region.of(region == null ? "us-east-1" : region))
        .credentialsProvider(StaticCredentialsProvider.create(credentials))
        .serviceConfiguration(S3Configuration.builder()
            .pathStyleAccessEnabled(pathStyle == null ? endpoint != null : Boolean.parseBoolean(pathStyle)).build());
    if (endpoint != null) {
      builder.endpointOverride(URI.create(endpoint));
    }
    S3Presigner presigner = builder.build();
    return (bucket, key, expiry) -> presigner.presignGetObject(r -> r.signatureDuration(expiry)
        .getObjectRequest(g -> g.bucket(bucket).key(key))).url().toString();
  }

  private static String value(Secret secret, String key) {
    if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
      return secret.getStringData().get(key);
    }
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    return null;
  }
}
