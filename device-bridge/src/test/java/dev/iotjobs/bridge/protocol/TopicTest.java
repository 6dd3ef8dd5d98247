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
    assertThat(Topic.isAnswer(ROOT, ROOT + suffix)).isEqualTo(kind == Topic.Kind.OWN_RESPONSE);
  }

  /** The quick test agrees with the parse on every topic of up to six levels made of the protocol's words. */
  @Test
  void anAnswerIsToldAsTheParseTellsIt() {
    String[] words = {"jobs", "get", "start-next", "update", "accepted", "rejected", "notify", "notify-next", "$next",
        "fw-2", "t1", "", "x/accepted"};
    java.util.Random random = new java.util.Random(19);
    for (int i = 0; i < 200_000; i++) {
      StringBuilder topic = new StringBuilder(random.nextInt(8) == 0 ? "other/" : ROOT);
      int levels = 1 + random.nextInt(6);
      for (int level = 0; level < levels; level++) {
        topic.append(level == 0 ? "" : "/").append(words[random.nextInt(words.length)]);
      }
      String name = topic.toString();
      assertThat(Topic.isAnswer(ROOT, name)).as(name)
          .isEqualTo(Topic.parse(ROOT, name).kind() == Topic.Kind.OWN_RESPONSE);
    }
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
