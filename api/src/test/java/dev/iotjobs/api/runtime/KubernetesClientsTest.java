package dev.iotjobs.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class KubernetesClientsTest {
  private static final KubernetesSerialization FAST = KubernetesClients.serialization();
  private static final KubernetesSerialization DEFAULT = new KubernetesSerialization();

  private static final String EXECUTION = "{\"apiVersion\":\"iotjobs.dev/v1alpha1\",\"kind\":\"JobExecution\","
      + "\"metadata\":{\"name\":\"fw.t1\",\"namespace\":\"fleet\",\"resourceVersion\":\"42\",\"uid\":\"u-1\","
      + "\"labels\":{\"iotjobs.dev/job\":\"fw\"},\"annotations\":{\"iotjobs.dev/queued-at\":\"2026-12-01T10:00:00.123Z\"},"
      + "\"managedFields\":[{\"manager\":\"bridge\",\"operation\":\"Update\",\"fieldsType\":\"FieldsV1\","
      + "\"fieldsV1\":{\"f:status\":{\"f:status\":{}}}}],\"somethingNew\":{\"a\":1}},"
      + "\"spec\":{\"jobId\":\"fw\",\"thingName\":\"t1\"},"
      + "\"status\":{\"status\":\"SUCCEEDED\",\"versionNumber\":3,\"executionNumber\":1,\"retryAttempt\":0,"
      + "\"statusDetails\":{\"step\":\"done\"},\"answeredRequests\":[{\"clientToken\":\"c1\",\"versionNumber\":2}],"
      + "\"lastUpdatedAt\":\"2026-12-01T10:02:00Z\"}}";

  @Test
  void readsAndWritesObjectsAsFabric8sDefaultDoesButManagedFields() {
    JobExecution fast = FAST.unmarshal(EXECUTION, JobExecution.class);
    JobExecution plain = withoutManagedFields(DEFAULT.unmarshal(EXECUTION, JobExecution.class));

    assertThat(fast).isEqualTo(plain);
    assertThat(fast.getStatus().getStatus()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(fast.getMetadata().getAdditionalProperties()).containsKey("somethingNew");
    assertThat(FAST.asJson(fast)).isEqualTo(DEFAULT.asJson(plain));
  }

  @Test
  void otherKindsReadAsWithFabric8sDefaultAndOursAsTheirClasses() {
    String configMap = "{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
        + "\"metadata\":{\"name\":\"fw.targets\",\"namespace\":\"fleet\"},\"data\":{\"a\":\"b\"}}}";
    assertThat(FAST.unmarshal(configMap, WatchEvent.class)).isEqualTo(DEFAULT.unmarshal(configMap, WatchEvent.class));
    assertThat(FAST.<Object>unmarshal("{\"apiVersion\":\"iotjobs.dev/v1alpha1\",\"kind\":\"IoTJob\","
        + "\"metadata\":{\"name\":\"fw\"}}")).isInstanceOf(IoTJob.class);
  }

  @Test
  void aWatchEventOfOurKindsIsBoundToItsClassAtOnceNotThroughAGenericResource() {
    String event = "{\"type\":\"MODIFIED\",\"object\":" + EXECUTION + "}";
    Object fast = FAST.unmarshal(event, WatchEvent.class).getObject();
    Object plain = DEFAULT.unmarshal(event, WatchEvent.class).getObject();

    assertThat(plain).as("what the watch would convert again").isInstanceOf(GenericKubernetesResource.class);
    assertThat(fast).isInstanceOf(JobExecution.class)
        .isEqualTo(withoutManagedFields(DEFAULT.convertValue(plain, JobExecution.class)))
        .isEqualTo(withoutManagedFields(DEFAULT.unmarshal(EXECUTION, JobExecution.class)));
  }

  /**
   * Not only the same object: read without a tree. A mix-in annotation on WatchEvent's field was introspected but
   * not used (Fabric8's own deserializer stayed on the property), and both processes' flight recordings showed every
   * watch event still read as a tree (14% of the bridge's samples).
   */
  @Test
  void aWatchEventsObjectIsReadByOurDeserializer() throws Exception {
    java.lang.reflect.Field field = KubernetesSerialization.class.getDeclaredField("mapper");
    field.setAccessible(true);
    com.fasterxml.jackson.databind.ObjectMapper mapper = (com.fasterxml.jackson.databind.ObjectMapper) field.get(FAST);
    var context = ((com.fasterxml.jackson.databind.deser.DefaultDeserializationContext) mapper
        .getDeserializationContext()).createInstance(mapper.getDeserializationConfig(), mapper.createParser("{}"), null);
    var deserializer = (com.fasterxml.jackson.databind.deser.BeanDeserializerBase) context
        .findRootValueDeserializer(mapper.constructType(WatchEvent.class));

    assertThat(deserializer.findProperty("object").getValueDeserializer()).isInstanceOf(WatchEventObjects.class);
  }

  @Test
  void jsonTextIsReadByAKeptReaderAndYamlAsFabric8ReadsIt() {
    String yaml = "apiVersion: iotjobs.dev/v1alpha1\nkind: JobExecution\nmetadata:\n  name: fw.t1\n";
    assertThat(FAST.unmarshal(" \n" + EXECUTION, JobExecution.class))
        .isEqualTo(FAST.unmarshal(new java.io.ByteArrayInputStream(EXECUTION.getBytes(
            java.nio.charset.StandardCharsets.UTF_8)), JobExecution.class));
    assertThat(FAST.unmarshal(yaml, JobExecution.class).getMetadata().getName()).isEqualTo("fw.t1");
    assertThat(KubernetesClients.JsonTextReaders.startsAsJson("\t[1]")).isTrue();
    assertThat(KubernetesClients.JsonTextReaders.startsAsJson("a: {}")).isFalse();
    assertThat(KubernetesClients.JsonTextReaders.startsAsJson("  ")).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FAST.unmarshal("{\"metadata\":", JobExecution.class))
        .isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class);
  }

  /** Named, not whichever factory the classpath offers: JOSDK brings the JDK's, a third of both processes' CPU. */
  @Test
  void theProcessesClientSpeaksThroughOkHttp() {
    try (io.fabric8.kubernetes.client.KubernetesClient client = KubernetesClients.fromEnvironment()) {
      assertThat(client.getHttpClient()).isInstanceOf(io.fabric8.kubernetes.client.okhttp.OkHttpClientImpl.class);
    }
  }

  @Test
  void managedFieldsAreSkippedWhenReadAndWrittenWhenSet() {
    JobExecution read = FAST.unmarshal(EXECUTION, JobExecution.class);
    assertThat(read.getMetadata().getManagedFields()).isEmpty();
    assertThat(read.getMetadata().getAdditionalProperties()).containsKey("somethingNew").doesNotContainKey("managedFields");
    assertThat(read.getMetadata().getLabels()).containsEntry("iotjobs.dev/job", "fw");
    WatchEvent event = FAST.unmarshal("{\"type\":\"ADDED\",\"object\":" + EXECUTION + "}", WatchEvent.class);
    assertThat(((JobExecution) event.getObject()).getMetadata().getManagedFields()).isEmpty();

    JobExecution full = DEFAULT.unmarshal(EXECUTION, JobExecution.class);
    assertThat(full.getMetadata().getManagedFields()).hasSize(1);
    assertThat(FAST.asJson(full)).contains("\"managedFields\":[{\"fieldsType\":\"FieldsV1\"");
  }

  /** apiVersion and kind anywhere in the object, other kinds, bookmarks and errors: the same objects as before. */
  @Test
  void watchEventsOfEveryShapeReadAsTheyDidThroughATree() {
    String kindLast = "{\"metadata\":{\"name\":\"fw.t1\",\"namespace\":\"fleet\",\"resourceVersion\":\"42\"},"
        + "\"spec\":{\"jobId\":\"fw\",\"thingName\":\"t1\"},\"apiVersion\":\"iotjobs.dev/v1alpha1\","
        + "\"status\":{\"status\":\"QUEUED\"},\"kind\":\"JobExecution\"}";
    String bookmark = "{\"apiVersion\":\"iotjobs.dev/v1alpha1\",\"kind\":\"JobExecution\","
        + "\"metadata\":{\"resourceVersion\":\"77\",\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}}}";
    for (String object : java.util.List.of(EXECUTION, kindLast, bookmark)) {
      String event = "{\"type\":\"MODIFIED\",\"object\":" + object + "}";
      Object fast = FAST.unmarshal(event, WatchEvent.class).getObject();
      assertThat(fast).isInstanceOf(JobExecution.class).isEqualTo(withoutManagedFields(
          DEFAULT.convertValue(DEFAULT.unmarshal(event, WatchEvent.class).getObject(), JobExecution.class)));
    }
    String error = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
        + "\"status\":\"Failure\",\"message\":\"too old resource version\",\"reason\":\"Expired\",\"code\":410}}";
    String lease = "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Lease\",\"apiVersion\":\"coordination.k8s.io/v1\","
        + "\"metadata\":{\"name\":\"shard-1\"},\"spec\":{\"holderIdentity\":\"bridge-0\"}}}";
    String partial = "{\"type\":\"ADDED\",\"object\":{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"},"
        + "\"data\":{\"a\":\"b\"},\"apiVersion\":\"v1\"}}";
    String empty = "{\"type\":\"ADDED\",\"object\":null}";
    for (String event : java.util.List.of(error, lease, partial, empty)) {
      assertThat(FAST.unmarshal(event, WatchEvent.class)).isEqualTo(DEFAULT.unmarshal(event, WatchEvent.class));
    }
    assertThat(FAST.unmarshal(error, WatchEvent.class).getObject()).isInstanceOf(io.fabric8.kubernetes.api.model.Status.class);
  }

  /** What our serialization reads: everything Fabric8's default does but managedFields. */
  private static JobExecution withoutManagedFields(JobExecution execution) {
    execution.getMetadata().setManagedFields(new java.util.ArrayList<>());
    return execution;
  }
}
