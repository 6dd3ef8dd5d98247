package dev.iotjobs.bridge.protocol;

import java.util.regex.Pattern;

/**
 * A topic under the jobs root, classified: a device request (get, start-next, describe, update), one of the
 * responses the bridge itself publishes (ignored when it comes back), or a topic that maps to no API (InvalidTopic).
 */
public record Topic(Kind kind, String thingName, String jobId, String requestTopic) {
  private static final Pattern JOB_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}|\\$next");

  public enum Kind {
    GET_PENDING,
    START_NEXT,
    DESCRIBE,
    UPDATE,
    OWN_RESPONSE,
    INVALID,
    FOREIGN
  }

  /** Parses a topic such as {@code $aws/things/sensor-1/jobs/job-7/update} under the given root. */
  public static Topic parse(String root, String topic) {
    if (!topic.startsWith(root)) {
      return new Topic(Kind.FOREIGN, null, null, topic);
    }
    String[] parts = topic.substring(root.length()).split("/", -1);
    if (parts.length < 3 || parts[0].isEmpty() || !"jobs".equals(parts[1])) {
      return new Topic(Kind.FOREIGN, null, null, topic);
    }
    String thing = parts[0];
    String last = parts[parts.length - 1];
    if (parts.length > 3 && ("accepted".equals(last) || "rejected".equals(last))) {
      // an answer (ours coming back through a wide subscription, or one in the shape of ours): never answered, or a
      // rejection of a rejection would loop
      return new Topic(Kind.OWN_RESPONSE, thing, null, topic);
    }
    int rest = parts.length - 2;
    String a = parts[2];
    if (rest == 1) {
      return switch (a) {
        case "get" -> new Topic(Kind.GET_PENDING, thing, null, topic);
        case "start-next" -> new Topic(Kind.START_NEXT, thing, null, topic);
        case "notify", "notify-next" -> new Topic(Kind.OWN_RESPONSE, thing, null, topic);
        default -> new Topic(Kind.INVALID, thing, null, topic);
      };
    }
    String b = parts[3];
    if (rest == 2) {
      if (("get".equals(a) || "start-next".equals(a)) && ("accepted".equals(b) || "rejected".equals(b))) {
        return new Topic(Kind.OWN_RESPONSE, thing, null, topic);
      }
      if (JOB_ID.matcher(a).matches() && "get".equals(b)) {
        return new Topic(Kind.DESCRIBE, thing, a, topic);
      }
      if (JOB_ID.matcher(a).matches() && !"$next".equals(a) && "update".equals(b)) {
        return new Topic(Kind.UPDATE, thing, a, topic);
      }
      return new Topic(Kind.INVALID, thing, null, topic);
    }
    if (rest == 3 && ("get".equals(b) || "update".equals(b)) && ("accepted".equals(parts[4]) || "rejected".equals(parts[4]))) {
      return new Topic(Kind.OWN_RESPONSE, thing, null, topic);
    }
    return new Topic(Kind.INVALID, thing, null, topic);
  }

  /**
   * Whether the topic is an answer ({@link Kind#OWN_RESPONSE}), told without parsing the many topics that are not:
   * ours come back through the wide subscription, four or five per execution, and a bridge without replicas drops
   * them as they arrive rather than handing each to a worker thread.
   */
  public static boolean isAnswer(String root, String topic) {
    return (topic.endsWith("/accepted") || topic.endsWith("/rejected") || topic.endsWith("/notify")
        || topic.endsWith("/notify-next")) && parse(root, topic).kind() == Kind.OWN_RESPONSE;
  }

  public String accepted() {
    return requestTopic + "/accepted";
  }

  public String rejected() {
    return requestTopic + "/rejected";
  }
}
