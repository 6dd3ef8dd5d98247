package dev.iotjobs.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import org.junit.jupiter.api.Test;

class IndexedStoreTest {
  private final IndexedStore store = new IndexedStore();

  private static AttributeSet key(String plural, String namespace, String name) {
    return new AttributeSet(new Attribute("plural", plural), new Attribute("namespace", namespace),
        new Attribute("name", name), new Attribute("version", "v1alpha1"));
  }

  private static AttributeSet query(String plural, String namespace, String name) {
    return new AttributeSet(new Attribute("plural", plural), new Attribute("namespace", namespace),
        new Attribute("name", name));
  }

  @Test
  void findsOneObjectByResourceNamespaceAndName() {
    store.put(key("things", "a", "t1"), "{\"t\":1}");
    store.put(key("things", "b", "t1"), "{\"t\":2}");
    store.put(key("jobexecutions", "a", "t1"), "{\"t\":3}");

    assertThat(store.answers(query("things", "b", "t1"))).isTrue();
    assertThat(store.find(query("things", "b", "t1")).getValue()).isEqualTo("{\"t\":2}");
    assertThat(store.find(query("things", "a", "t2"))).as("an exact miss").isNull();
  }

  @Test
  void followsReplacementsAndRemovals() {
    AttributeSet first = key("things", "a", "t1");
    store.put(first, "{\"v\":1}");
    store.remove(first);
    AttributeSet second = new AttributeSet(new Attribute("plural", "things"), new Attribute("namespace", "a"),
        new Attribute("name", "t1"), new Attribute("labels:site", "berlin"));
    store.put(second, "{\"v\":2}");

    assertThat(store.find(query("things", "a", "t1")).getValue()).isEqualTo("{\"v\":2}");
    store.clear();
    assertThat(store.find(query("things", "a", "t1"))).isNull();
  }

  @Test
  void leavesQueriesForManyObjectsToAScan() {
    store.put(key("things", "a", "t1"), "{}");

    assertThat(store.answers(new AttributeSet(new Attribute("plural", "things"), new Attribute("namespace", "a"))))
        .as("a list").isFalse();
    assertThat(store.answers(new AttributeSet(new Attribute("plural", "things"), new Attribute("name", "t1"))))
        .as("any namespace").isFalse();
  }
}
