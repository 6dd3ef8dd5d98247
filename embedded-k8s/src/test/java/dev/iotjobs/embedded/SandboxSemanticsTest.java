package dev.iotjobs.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of the sandbox API: merge patch, server-side apply, selectors, event conversion. */
class SandboxSemanticsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void mergePatchFollowsRfc7386() {
    // the RFC's appendix A, in part
    assertThat(MergePatch.apply(json("{'a':'b'}"), json("{'a':'c'}"))).isEqualTo(json("{'a':'c'}"));
    assertThat(MergePatch.apply(json("{'a':'b'}"), json("{'b':'c'}"))).isEqualTo(json("{'a':'b','b':'c'}"));
    assertThat(MergePatch.apply(json("{'a':'b'}"), json("{'a':null}"))).isEqualTo(json("{}"));
    assertThat(MergePatch.apply(json("{'a':['b']}"), json("{'a':'c'}"))).isEqualTo(json("{'a':'c'}"));
    assertThat(MergePatch.apply(json("{'a':{'b':'c'}}"), json("{'a':{'b':'d','c':null}}"))).isEqualTo(json("{'a':{'b':'d'}}"));
    assertThat(MergePatch.apply(json("{'a':[{'b':'c'}]}"), json("{'a':[1]}"))).isEqualTo(json("{'a':[1]}"));
    assertThat(MergePatch.apply(json("{'things':['x4','x3']}"), json("{'things':['x4']}")))
        .as("a list is replaced, not concatenated").isEqualTo(json("{'things':['x4']}"));
    assertThat(MergePatch.apply(json("{'e':null}"), json("{'a':1}"))).isEqualTo(json("{'e':null,'a':1}"));
  }

  private static JsonNode config(String spec) {
    return json("{'apiVersion':'iotjobs.dev/v1alpha1','kind':'IoTJob','metadata':{'name':'j'},'spec':" + spec + "}");
  }

  @Test
  void applyOwnsWhatItAppliedAndRemovesWhatItStopsApplying() {
    ServerSideApply.Outcome created = ServerSideApply.apply(null, config("{'a':1,'b':[1,2]}"), "kubectl", false, null, NOW);
    assertThat(created.refused()).isFalse();
    assertThat(created.object().path("spec")).isEqualTo(json("{'a':1,'b':[1,2]}"));
    assertThat(ManagedFields.read(created.object())).singleElement().satisfies(entry -> {
      assertThat(entry.manager()).isEqualTo("kubectl");
      assertThat(entry.operation()).isEqualTo("Apply");
      assertThat(entry.fields()).containsExactlyInAnyOrder(List.of("spec", "a"), List.of("spec", "b"));
    });

    ServerSideApply.Outcome shrunk = ServerSideApply.apply(created.object(), config("{'b':[3]}"), "kubectl", false, null, NOW);
    assertThat(shrunk.object().path("spec")).as("a dropped field goes, a list is replaced").isEqualTo(json("{'b':[3]}"));
  }

  @Test
  void applyingOverAnotherManagersValueIsAConflictUnlessForced() {
    JsonNode live = ServerSideApply.apply(null, config("{'suspend':false,'d':'x'}"), "kubectl", false, null, NOW).object();
    JsonNode changed = MergePatch.apply(live, json("{'spec':{'suspend':true}}"));
    List<ManagedFields.Entry> entries = ManagedFields.recordUpdate(ManagedFields.read(live), "kubectl-patch",
        "iotjobs.dev/v1alpha1", null, ManagedFields.changed(live, changed), changed, NOW);
    ManagedFields.write((com.fasterxml.jackson.databind.node.ObjectNode) changed, entries);

    ServerSideApply.Outcome refused = ServerSideApply.apply(changed, config("{'suspend':false,'d':'x'}"), "kubectl", false, null, NOW);
    assertThat(refused.refused()).isTrue();
    assertThat(refused.conflicts()).containsExactly(Map.entry("\"kubectl-patch\" using iotjobs.dev/v1alpha1",
        List.of(List.of("spec", "suspend"))));
    assertThat(ManagedFields.conflictMessage(refused.conflicts()))
        .isEqualTo("Apply failed with 1 conflict: conflict with \"kubectl-patch\" using iotjobs.dev/v1alpha1: .spec.suspend");

    ServerSideApply.Outcome same = ServerSideApply.apply(changed, config("{'suspend':true,'d':'x'}"), "kubectl", false, null, NOW);
    assertThat(same.refused()).as("the same value is shared ownership, not a conflict").isFalse();

    ServerSideApply.Outcome forced = ServerSideApply.apply(changed, config("{'suspend':false,'d':'x'}"), "kubectl", true, null, NOW);
    assertThat(forced.refused()).isFalse();
    assertThat(forced.object().path("spec").path("suspend").asBoolean()).isFalse();
    assertThat(ManagedFields.read(forced.object())).noneMatch(entry -> entry.manager().equals("kubectl-patch"));
  }

  @Test
  void selectorsMatchLabelsAndFieldsAsTheApiServerDoes() {
    JsonNode event = json("{'metadata':{'name':'e','labels':{'tier':'edge','site':'berlin'}},'type':'Warning',"
        + "'involvedObject':{'kind':'IoTJob','name':'fw'}}");
    assertThat(Selectors.fields("involvedObject.kind=IoTJob,involvedObject.name==fw").test(event)).isTrue();
    assertThat(Selectors.fields("type!=Warning").test(event)).isFalse();
    assertThat(Selectors.fields("reason=").test(event)).as("an absent field is empty").isTrue();
    assertThat(Selectors.labels("site in (berlin, paris),tier").test(event)).isTrue();
    assertThat(Selectors.labels("site notin (berlin),!tier").test(event)).isFalse();
    assertThat(Selectors.labels("!missing,site!=paris").test(event)).isTrue();
    assertThat(Selectors.of(Selectors.query("/api/v1/events?fieldSelector=metadata.name%3De&labelSelector=tier%3Dcore"))
        .test(event)).isFalse();
    assertThatThrownBy(() -> Selectors.fields("metadata.name in (a)")).hasMessageContaining("invalid field selector");
  }

  @Test
  void eventsConvertBothWays() {
    JsonNode core = json("{'apiVersion':'v1','kind':'Event','metadata':{'name':'e'},'reason':'Started','message':'m',"
        + "'involvedObject':{'kind':'IoTJob','name':'fw'},'type':'Normal','count':2,'reportingComponent':'op'}");
    JsonNode v1 = EventsV1.fromCore(core);
    assertThat(v1.path("apiVersion").asText()).isEqualTo("events.k8s.io/v1");
    assertThat(v1.path("note").asText()).isEqualTo("m");
    assertThat(v1.path("regarding").path("name").asText()).isEqualTo("fw");
    assertThat(v1.path("deprecatedCount").asInt()).isEqualTo(2);
    assertThat(v1.path("reportingController").asText()).isEqualTo("op");
    JsonNode back = EventsV1.toCore(v1);
    assertThat(back.path("message")).isEqualTo(core.path("message"));
    assertThat(back.path("involvedObject")).isEqualTo(core.path("involvedObject"));
    assertThat(back.path("count")).isEqualTo(core.path("count"));
  }

  @Test
  void printerColumnPathsReadFieldsIndexesAndFilters() {
    JsonNode job = json("{'status':{'conditions':[{'type':'Complete','reason':'A'},{'type':'Progressing','reason':'B'}],"
        + "'scheduledJobRollouts':[{'startTime':'t0'},{'startTime':'t1'}],'progress':'3/4'}}");
    assertThat(JsonPaths.read(job, ".status.progress").asText()).isEqualTo("3/4");
    assertThat(JsonPaths.read(job, ".status.conditions[?(@.type==\"Progressing\")].reason").asText()).isEqualTo("B");
    assertThat(JsonPaths.read(job, ".status.scheduledJobRollouts[1].startTime").asText()).isEqualTo("t1");
    assertThat(JsonPaths.read(job, ".status.conditions[?(@.type==\"Ready\")].reason").isMissingNode()).isTrue();
    assertThat(JsonPaths.read(job, ".status.nothing[0]").isMissingNode()).isTrue();
  }

  @Test
  void resourcePathsParse() {
    assertThat(ResourcePath.parse("/apis/iotjobs.dev/v1alpha1/namespaces/d/iotjobs/x/status?y=1"))
        .isEqualTo(new ResourcePath(new ResourcePath.Type("iotjobs.dev", "v1alpha1", "iotjobs"), "d", "x", "status"));
    assertThat(ResourcePath.parse("/api/v1/events")).isEqualTo(new ResourcePath(new ResourcePath.Type("", "v1", "events"),
        null, null, null));
    assertThat(ResourcePath.parse("/api/v1/namespaces/default").type().plural()).isEqualTo("namespaces");
    assertThat(ResourcePath.parse("/version")).isNull();
  }
}
