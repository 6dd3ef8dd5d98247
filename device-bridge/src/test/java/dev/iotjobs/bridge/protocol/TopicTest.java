package dev.iotjobs.bridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicTest {
  private static final String ROOT = "$aws/things/";

  @ParameterizedTest
  @CsvSource({
      "t1/jobs/get, GET_PENDING, t1, ",
      "t1/jobs/start-next, START_NEXT, t1, ",
      "t1/jobs/fw-2/get, DESCRIBE, t1, fw-2",
      "t1/jobs/$next/get, DESCRIBE, t1, $next",
      "t1/jobs/fw_2/update, UPDATE, t1, fw_2",
      "t1/jobs/$next/update, INVALID, t1, ",
      "t1/jobs/fw-2/delete, INVALID, t1, ",
      "t1/jobs/foo, INVALID, t1, ",
      "t1/jobs/foo/bar/baz/qux, INVALID, t1, ",
      "t1/jobs/get/accepted, OWN_RESPONSE, t1, ",
      "t1/jobs/start-next/rejected, OWN_RESPONSE, t1, ",
      "t1/jobs/fw-2/update/accepted, OWN_RESPONSE, t1, ",
      "t1/jobs/notify-next, OWN_RESPONSE, t1, ",
      "t1/jobs/fw-2/get/extra, INVALID, t1, ",
      "t1/jobs/fw-2/get/extra/rejected, OWN_RESPONSE, t1, ",
      "t1/jobs/foo/rejected, OWN_RESPONSE, t1, ",
      "t1/jobs/foo/bar/baz/qux/accepted, OWN_RESPONSE, t1, ",
      "t1/shadow/update, FOREIGN, , ",
  })
  void classifiesTopics(String suffix, Topic.Kind kind, String thing, String jobId) {
    Topic topic = Topic.parse(ROOT, ROOT + suffix);
    assertThat(topic.kind()).isEqualTo(kind);
    assertThat(topic.thingName()).isEqualTo(thing);
    assertThat(topic.jobId()).isEqualTo(jobId);
  }

  @Test
  void answersGoToTheRequestsTopicPlusAcceptedOrRejected() {
    Topic topic = Topic.parse(ROOT, ROOT + "t1/jobs/fw-2/update");
    assertThat(topic.accepted()).isEqualTo("$aws/things/t1/jobs/fw-2/update/accepted");
    assertThat(topic.rejected()).isEqualTo("$aws/things/t1/jobs/fw-2/update/rejected");
  }

  @Test
  void anotherRootIsNotOurs() {
    assertThat(Topic.parse("$aws/things/", "devices/t1/jobs/get").kind()).isEqualTo(Topic.Kind.FOREIGN);
    assertThat(Topic.parse("devices/", "devices/t1/jobs/get").kind()).isEqualTo(Topic.Kind.GET_PENDING);
  }
}
