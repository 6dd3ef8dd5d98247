package dev.iotjobs.api.runtime;

import io.fabric8.kubernetes.client.CustomResource;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * Fabric8's CustomResource computes its singular name, CRD name and apiVersion in every instance's constructor, as
 * new strings (some 190 bytes an object, for names that are the same for every object of a kind). For an object a
 * cache keeps, they are replaced by one shared copy each; where the JVM does not let these final fields be set, the
 * object keeps its own.
 */
final class ResourceNames {
  private static final List<Field> NAMES = names("singular", "crdName", "apiVersion", "kind", "plural", "scope");

  private ResourceNames() {}

  static void share(CustomResource<?, ?> resource) {
    for (Field field : NAMES) {
      try {
        Object value = field.get(resource);
        if (value instanceof String name) {
          field.set(resource, name.intern());
        }
      } catch (IllegalAccessException e) {
        return; // kept as they are: a few bytes more, nothing lost
      }
    }
  }

  private static List<Field> names(String... fields) {
    List<Field> found = new ArrayList<>();
    for (String name : fields) {
      try {
        Field field = CustomResource.class.getDeclaredField(name);
        field.setAccessible(true);
        found.add(field);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // a Fabric8 without this field, or a JVM that refuses: those names stay per object
      }
    }
    return List.copyOf(found);
  }
}
