package dev.iotjobs.api.validation;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Checks a resource's numbers against the {@link Min} and {@link Max} bounds its CRD schema declares, in code: an API
 * server enforces them on every write, but an object stored before a bound existed (or written past the schema) must
 * still be refused by the code that reads it, with a message that names the field, rather than break it.
 */
public final class SchemaBounds {
  private static final String MODEL_PACKAGE = "dev.iotjobs.api.model";

  private SchemaBounds() {}

  /** Every bound the object violates, as "path: problem" sentences; empty when all hold. */
  public static List<String> violations(Object object, String path) {
    List<String> found = new ArrayList<>();
    collect(object, path, found);
    return found;
  }

  private static void collect(Object object, String path, List<String> found) {
    if (object == null) {
      return;
    }
    if (object instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        collect(item, path + "[" + i++ + "]", found);
      }
      return;
    }
    if (object instanceof Map<?, ?> || !object.getClass().getPackageName().startsWith(MODEL_PACKAGE)
        || object.getClass().isEnum()) {
      return;
    }
    for (Class<?> type = object.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        Object value = read(field, object);
        String at = path + "." + field.getName();
        if (value instanceof Number number) {
          check(number, field, at, found);
        } else {
          collect(value, at, found);
        }
      }
    }
  }

  private static void check(Number number, Field field, String at, List<String> found) {
    double value = number.doubleValue();
    Min min = field.getAnnotation(Min.class);
    Max max = field.getAnnotation(Max.class);
    if (min != null && (min.inclusive() ? value < min.value() : value <= min.value())) {
      found.add(at + " is " + number + ", below its minimum of " + format(min.value()));
    }
    if (max != null && (max.inclusive() ? value > max.value() : value >= max.value())) {
      found.add(at + " is " + number + ", above its maximum of " + format(max.value()));
    }
  }

  private static String format(double bound) {
    return bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
  }

  private static Object read(Field field, Object object) {
    try {
      field.setAccessible(true);
      return field.get(object);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
