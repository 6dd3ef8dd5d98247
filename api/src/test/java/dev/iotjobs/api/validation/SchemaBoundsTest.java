package dev.iotjobs.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotjobs.api.model.IoTJob;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class SchemaBoundsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static IoTJob read(String spec) throws IOException {
    return JSON.readValue("{\"apiVersion\":\"iotjobs.dev/v1alpha1\",\"kind\":\"IoTJob\",\"metadata\":{\"name\":\"j\"},"
        + "\"spec\":" + spec + "}", IoTJob.class);
  }

  @Test
  void numbersAnApiServerCanStoreAreReadWhateverTheirSize() throws IOException {
    IoTJob job = read("{\"targets\":{\"things\":[\"a\"]},\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":"
        + Long.MAX_VALUE + "},\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"action\":\"CANCEL\","
        + "\"thresholdPercentage\":150,\"minNumberOfExecutedThings\":2147483648}]}}");
    assertThat(SchemaBounds.violations(job.getSpec(), "spec")).containsExactlyInAnyOrder(
        "spec.jobExecutionsRolloutConfig.maximumPerMinute is " + Long.MAX_VALUE + ", above its maximum of 1000000000",
        "spec.abortConfig.criteriaList[0].thresholdPercentage is 150.0, above its maximum of 100",
        "spec.abortConfig.criteriaList[0].minNumberOfExecutedThings is 2147483648, above its maximum of 1000000000");
  }

  @Test
  void belowMinimumsAreNamedAndValidSpecsHaveNoViolations() throws IOException {
    assertThat(SchemaBounds.violations(read("{\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":0}}").getSpec(),
        "spec")).containsExactly("spec.jobExecutionsRolloutConfig.maximumPerMinute is 0, below its minimum of 1");
    assertThat(SchemaBounds.violations(read("{\"targets\":{\"things\":[\"a\"]},\"timeoutConfig\":"
        + "{\"inProgressTimeoutInMinutes\":30},\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":1000000000}}")
        .getSpec(), "spec")).isEmpty();
  }
}
