package dev.iotjobs.api.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON merge patch (RFC 7386) that turns one JSON object into another: the fields that changed, nulls for those
 * removed, objects compared field by field and anything else (arrays, scalars) replaced whole. Applying it to the
 * source gives the target, so a status write sends what changed instead of the whole object. Pure.
 */
public final class MergePatchDiff {
  private MergePatchDiff() {}

  /** The patch from source to target (both objects; a missing source is an empty object). */
  public static ObjectNode between(JsonNode source, JsonNode target) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    JsonNode from = source == null || source.isNull() || source.isMissingNode() ? patch.objectNode() : source;
    for (Iterator<String> names = from.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!target.has(name) || target.get(name).isNull()) {
        patch.putNull(name);
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> fields = target.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode before = from.get(field.getKey());
      JsonNode after = field.getValue();
      if (after.isNull() || after.equals(before)) {
        continue;
      }
      if (after.isObject() && before != null && before.isObject()) {
        patch.set(field.getKey(), between(before, after));
      } else {
        patch.set(field.getKey(), after.deepCopy());
      }
    }
    return patch;
  }
}
