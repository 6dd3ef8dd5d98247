package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import lombok.Data;

@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PresignedUrlConfig {
  @JsonPropertyDescription("Lifetime of each presigned URL in seconds, 60 to 3600; default 3600.")
  @Min(60)
  @Max(3600)
  private Long expiresInSec;

  @JsonPropertyDescription("Secret in the job's namespace with the S3 endpoint, region and credentials.")
  @Required
  private SecretRef credentialsSecretRef;

  @Data
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SecretRef {
    @JsonPropertyDescription("The Secret's name: keys endpoint, region, accessKeyId, secretAccessKey, sessionToken, pathStyle.")
    @Required
    private String name;
  }
}
