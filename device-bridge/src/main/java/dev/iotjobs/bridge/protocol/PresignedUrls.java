package dev.iotjobs.bridge.protocol;

import static dev.iotjobs.api.execution.RejectionCode.InternalError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.PresignedUrlConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces every {@code ${iot:s3-presigned-url:s3://BUCKET/KEY}} (and AWS's {@code ${aws:iot:s3-presigned-url:…}}
 * and {@code -v2} forms) in a document with a fresh presigned GET URL, each time the document is delivered. The
 * stored document keeps its placeholders; a delivery that cannot be completed is refused whole, never half-done.
 */
public class PresignedUrls implements DocumentRenderer {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{(?:aws:)?iot:s3-presigned-url(?:-v2)?:([^}]*)\\}");
  private static final long DEFAULT_EXPIRY_SECONDS = 3600;
  private final S3Signers signers;

  public PresignedUrls(S3Signers signers) {
    this.signers = signers;
  }

  /** Where an object lives: its bucket and key. */
  record S3Object(String bucket, String key) {}

  @Override
  public JsonNode render(IoTJob job) throws RequestException {
    JsonNode stored = DocumentRenderer.stored(job);
    if (!containsPlaceholder(stored)) {
      return stored.deepCopy();
    }
    PresignedUrlConfig config = dev.iotjobs.api.templates.EffectiveSpec.of(job).getPresignedUrlConfig();
    if (config == null || config.getCredentialsSecretRef() == null) {
      throw new RequestException(InternalError, "job " + job.jobId() + " uses presigned URLs but has no"
          + " presignedUrlConfig; the document cannot be delivered");
    }
    S3Signers.Signer signer = signers.forSecret(job.getMetadata().getNamespace(), config.getCredentialsSecretRef().getName());
    Duration expiry = Duration.ofSeconds(config.getExpiresInSec() == null ? DEFAULT_EXPIRY_SECONDS : config.getExpiresInSec());
    return substitute(stored.deepCopy(), signer, expiry);
  }

  private static boolean containsPlaceholder(JsonNode node) {
    if (node.isTextual()) {
      return PLACEHOLDER.matcher(node.asText()).find();
    }
    for (JsonNode child : node) {
      if (containsPlaceholder(child)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode substitute(JsonNode node, S3Signers.Signer signer, Duration expiry) throws RequestException {
    if (node.isTextual()) {
      return new TextNode(substitute(node.asText(), signer, expiry));
    }
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        field.setValue(substitute(field.getValue(), signer, expiry));
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, substitute(array.get(i), signer, expiry));
      }
    }
    return node;
  }

  private static String substitute(String text, S3Signers.Signer signer, Duration expiry) throws RequestException {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      S3Object object = parse(matcher.group(1));
      matcher.appendReplacement(out, Matcher.quoteReplacement(signer.presignGet(object.bucket(), object.key(), expiry)));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** {@code s3://bucket/key}, {@code https://host/bucket/key} (path style) or {@code https://bucket.s3.host/key}. */
  static S3Object parse(String target) throws RequestException {
    String malformed = "presigned URL placeholder target \"" + target
        + "\" is not s3://BUCKET/KEY or https://HOST/BUCKET/KEY";
    try {
      URI uri = URI.create(target.trim());
      String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
      if ("s3".equals(uri.getScheme()) && uri.getHost() != null && !path.isEmpty()) {
        return new S3Object(uri.getHost(), path);
      }
      if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
        String host = uri.getHost();
        int s3 = host.indexOf(".s3.");
        if (s3 > 0 && !path.isEmpty()) {
          return new S3Object(host.substring(0, s3), path);
        }
        int slash = path.indexOf('/');
        if (slash > 0 && slash < path.length() - 1) {
          return new S3Object(path.substring(0, slash), path.substring(slash + 1));
        }
      }
    } catch (IllegalArgumentException e) {
      throw new RequestException(InternalError, malformed);
    }
    throw new RequestException(InternalError, malformed);
  }
}
