package dev.iotjobs.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MergePatchDiffTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  /** RFC 7386's MergePatch(Target, Patch), to check that the diff applied gives the target. */
  private static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), apply(result.get(field.getKey()), field.getValue()));
      }
    }
    return result;
  }

  @Test
  void onlyWhatChangedWithNullsForWhatWentAndMapsComparedKeyByKey() throws Exception {
    JsonNode before = json("{'status':'IN_PROGRESS','versionNumber':2,'statusDetails':{'step':'download','pct':'10'},"
        + "'timeoutAt':'2026-12-02T10:00:00Z','answeredRequests':[{'clientToken':'a','versionNumber':2}]}");
    JsonNode after = json("{'status':'SUCCEEDED','versionNumber':3,'statusDetails':{'step':'done','pct':'10'},"
        + "'answeredRequests':[{'clientToken':'a','versionNumber':2},{'clientToken':'b','versionNumber':3}]}");

    ObjectNode patch = MergePatchDiff.between(before, after);

    assertThat(patch).isEqualTo(json("{'timeoutAt':null,'status':'SUCCEEDED','versionNumber':3,"
        + "'statusDetails':{'step':'done'},'answeredRequests':[{'clientToken':'a','versionNumber':2},"
        + "{'clientToken':'b','versionNumber':3}]}"));
    assertThat(apply(before, patch)).isEqualTo(after);
  }

  @Test
  void aKeyRemovedFromAMapIsNulledAndAMapThatWentIsNulledWhole() throws Exception {
    JsonNode before = json("{'statusDetails':{'a':'1','b':'2'},'gone':{'x':'1'}}");
    JsonNode after = json("{'statusDetails':{'a':'1'}}");

    ObjectNode patch = MergePatchDiff.between(before, after);

    assertThat(patch).isEqualTo(json("{'statusDetails':{'b':null},'gone':null}"));
    assertThat(apply(before, patch)).isEqualTo(after);
  }

  @Test
  void fromNothingIsTheWholeTargetAndNoChangeIsAnEmptyPatch() throws Exception {
    JsonNode after = json("{'status':'QUEUED','statusDetails':{'a':'1'}}");

    assertThat(MergePatchDiff.between(null, after)).isEqualTo(after);
    assertThat(MergePatchDiff.between(after, after.deepCopy())).isEmpty();
  }
}
