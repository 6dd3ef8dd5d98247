package dev.iotjobs.embedded;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mock server's object store (attribute set → JSON) with an index by identity (resource, namespace, name). The
 * mock finds one object by scanning every stored object's attributes, so each request cost grew with the store: at
 * 20,000 objects a write took tens of milliseconds. With the index, reading or writing one object is a lookup.
 */
final class IndexedStore extends LinkedHashMap<AttributeSet, String> {
  private final Map<String, Set<AttributeSet>> byIdentity = new ConcurrentHashMap<>();

  /**
   * Whether the index can answer the query exactly: it names one object (resource, namespace and name all given), so
   * any match must have the same three values. Otherwise the caller must scan.
   */
  boolean answers(AttributeSet query) {
    return identity(query) != null && query.getAttribute("namespace") != null;
  }

  /** The stored object a query that {@link #answers} matches, or null when there is none. */
  Map.Entry<AttributeSet, String> find(AttributeSet query) {
    for (AttributeSet candidate : byIdentity.getOrDefault(identity(query), Set.of())) {
      String json = get(candidate);
      if (json != null && candidate.matches(query)) {
        return new AbstractMap.SimpleImmutableEntry<>(candidate, json);
      }
    }
    return null;
  }

  @Override
  public String put(AttributeSet key, String value) {
    String identity = identity(key);
    if (identity != null) {
      byIdentity.computeIfAbsent(identity, k -> ConcurrentHashMap.newKeySet()).add(key);
    }
    return super.put(key, value);
  }

  @Override
  public void putAll(Map<? extends AttributeSet, ? extends String> entries) {
    entries.forEach(this::put);
  }

  @Override
  public String remove(Object key) {
    if (key instanceof AttributeSet set) {
      String identity = identity(set);
      Set<AttributeSet> keys = identity == null ? null : byIdentity.get(identity);
      if (keys != null) {
        keys.remove(set);
        if (keys.isEmpty()) {
          byIdentity.remove(identity, keys);
        }
      }
    }
    return super.remove(key);
  }

  @Override
  public void clear() {
    byIdentity.clear();
    super.clear();
  }

  private static String identity(AttributeSet set) {
    String plural = value(set.getAttribute("plural"));
    String name = value(set.getAttribute("name"));
    if (plural == null || name == null) {
      return null;
    }
    Attribute namespace = set.getAttribute("namespace");
    return plural + "|" + (namespace == null ? "" : value(namespace)) + "|" + name;
  }

  private static String value(Attribute attribute) {
    if (attribute == null || attribute.getType() != AttributeType.WITH || attribute.getValues().size() != 1) {
      return null;
    }
    return attribute.getValues().get(0).toString();
  }
}
