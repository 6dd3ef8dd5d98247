package dev.iotjobs.api.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserSequence;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.internal.KubernetesDeserializer;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A watch event's object bound to its class straight from the stream. Fabric8 reads it as a JSON tree first (to find
 * its apiVersion and kind), then binds the tree: at a real server's size (managedFields included) that tree was 10 to
 * 15% of both processes' CPU. An API server writes a custom resource's keys in order, apiVersion and kind first, so
 * only those two are held back; objects of other kinds, or without both, go to Fabric8's deserializer as before.
 */
public final class WatchEventObjects extends StdDeserializer<Object> {
  private static final Map<String, Class<?>> OURS = new HashMap<>();
  /**
   * Our kinds' deserializers, found once: the context's lookup introspects the class's annotations on every call (the
   * mapper's own root lookups are cached, this one was not): 3% of the bridge's samples.
   */
  private final Map<Class<?>, JsonDeserializer<Object>> deserializers = new ConcurrentHashMap<>();

  public WatchEventObjects() {
    super(Object.class);
  }

  /** Our kinds, bound straight; the rest is Fabric8's. */
  static void register(List<? extends Class<? extends HasMetadata>> kinds) {
    kinds.forEach(kind -> OURS.put(HasMetadata.getApiVersion(kind) + "#" + HasMetadata.getKind(kind), kind));
  }

  /**
   * Puts this deserializer on Fabric8's WatchEvent's object. Not a mix-in: one on the field was introspected, but the
   * property kept Fabric8's deserializer, so every event was still read through a tree.
   */
  static com.fasterxml.jackson.databind.Module module() {
    return new com.fasterxml.jackson.databind.module.SimpleModule("watch-event-objects")
        .setDeserializerModifier(new BeanDeserializerModifier() {
          @Override
          public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
              BeanDeserializerBuilder builder) {
            SettableBeanProperty object = description.getBeanClass() == WatchEvent.class
                ? builder.findProperty(PropertyName.construct("object")) : null;
            if (object != null) {
              builder.addOrReplaceProperty(object.withValueDeserializer(new WatchEventObjects()), true);
            }
            return builder;
          }
        });
  }

  @Override
  public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    if (!parser.isExpectedStartObjectToken()) {
      return fabric8(context).deserialize(parser, context);
    }
    TokenBuffer head = context.bufferForInputBuffering(parser);
    head.writeStartObject();
    String apiVersion = null;
    String kind = null;
    JsonToken token = parser.nextToken();
    while (token == JsonToken.FIELD_NAME && (apiVersion == null || kind == null)) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_STRING && "apiVersion".equals(name)) {
        apiVersion = parser.getText();
      } else if (value == JsonToken.VALUE_STRING && "kind".equals(name)) {
        kind = parser.getText();
      }
      head.writeFieldName(name);
      head.copyCurrentStructure(parser);
      token = parser.nextToken();
    }
    // what was held back, then the rest of the object from where the parser stands
    JsonParser whole = JsonParserSequence.createFlattened(true, head.asParser(parser), parser);
    whole.nextToken();
    Class<?> ours = OURS.get(apiVersion + "#" + kind);
    JsonDeserializer<Object> deserializer = ours == null ? fabric8(context) : deserializerOf(ours, context);
    return deserializer.deserialize(whole, context);
  }

  private JsonDeserializer<Object> deserializerOf(Class<?> kind, DeserializationContext context) throws IOException {
    JsonDeserializer<Object> found = deserializers.get(kind);
    if (found == null) {
      found = context.findRootValueDeserializer(context.constructType(kind));
      deserializers.putIfAbsent(kind, found);
    }
    return found;
  }

  @SuppressWarnings("unchecked")
  private static JsonDeserializer<Object> fabric8(DeserializationContext context) throws IOException {
    // through the mapper's handler instantiator, as Fabric8's own annotation would: its instance knows its kinds
    return (JsonDeserializer<Object>) context.deserializerInstance(null, KubernetesDeserializer.class);
  }
}
