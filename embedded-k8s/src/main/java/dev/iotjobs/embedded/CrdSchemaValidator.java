package dev.iotjobs.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the API server does with a CRD that the mock server does not: validate a resource against the
 * openAPIV3Schema, and evaluate the x-kubernetes-validations CEL rules (transition rules with {@code oldSelf} only on
 * updates, and only where the field exists in both versions, as Kubernetes does).
 */
public final class CrdSchemaValidator {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final CelCompiler CEL = CelCompilerFactory.standardCelCompilerBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN).addVar("oldSelf", SimpleType.DYN)
      // Kubernetes' list library: sum() of a list of numbers
      .addFunctionDeclarations(dev.cel.common.CelFunctionDecl.newFunctionDeclaration("sum",
          dev.cel.common.CelOverloadDecl.newMemberOverload("list_sum", SimpleType.DYN,
              dev.cel.common.types.ListType.create(SimpleType.DYN))))
      .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
      .addFunctionBindings(CelRuntime.CelFunctionBinding.from("list_sum", List.class, CrdSchemaValidator::sum))
      .build();
  /** Compiling a rule costs far more than evaluating it, and an API server compiles each once. */
  private static final Map<String, CelRuntime.Program> PROGRAMS = new java.util.concurrent.ConcurrentHashMap<>();

  private final JsonNode schema;
  private final JsonSchema jsonSchema;

  public CrdSchemaValidator(Class<? extends CustomResource<?, ?>> kind) {
    this(EmbeddedKubernetes.crd(kind));
  }

  public CrdSchemaValidator(CustomResourceDefinition crd) {
    this.schema = MAPPER.valueToTree(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
    this.jsonSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(withoutKubernetesKeywords(schema));
  }

  /**
   * Fills in the schema's defaults as an API server does when it reads an object: a missing field whose schema has a
   * default gets it, then the defaults inside it apply too (so {@code status: {default: {}}} brings its fields'
   * defaults along).
   */
  public void applyDefaults(JsonNode resource) {
    applyDefaults(schema, resource);
  }

  private static void applyDefaults(JsonNode schemaNode, JsonNode value) {
    if (value instanceof ObjectNode object) {
      JsonNode properties = schemaNode.path("properties");
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        if (property.getValue().has("default") && (!object.has(property.getKey()) || object.get(property.getKey()).isNull())) {
          object.set(property.getKey(), property.getValue().get("default").deepCopy());
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (properties.has(field.getKey())) {
          applyDefaults(properties.get(field.getKey()), field.getValue());
        } else if (schemaNode.path("additionalProperties").isObject()) {
          applyDefaults(schemaNode.get("additionalProperties"), field.getValue());
        }
      }
    } else if (value != null && value.isArray() && schemaNode.has("items")) {
      value.forEach(item -> applyDefaults(schemaNode.get("items"), item));
    }
  }

  /** Messages for everything wrong with a create; empty when the API server would accept it. */
  public List<String> validateCreate(JsonNode resource) {
    return validate(resource, null);
  }

  public List<String> validateUpdate(JsonNode oldResource, JsonNode resource) {
    return validate(resource, oldResource);
  }

  private List<String> validate(JsonNode resource, JsonNode oldResource) {
    List<String> problems = new ArrayList<>();
    Set<ValidationMessage> messages = jsonSchema.validate(resource);
    messages.forEach(m -> problems.add(m.getMessage()));
    if (problems.isEmpty()) {
      checkRules(schema, resource, oldResource, "", problems);
    }
    return problems;
  }

  private void checkRules(JsonNode schemaNode, JsonNode value, JsonNode oldValue, String path, List<String> problems) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return;
    }
    for (JsonNode rule : schemaNode.path("x-kubernetes-validations")) {
      String expression = rule.get("rule").asText();
      boolean transition = expression.contains("oldSelf");
      if (transition && (oldValue == null || oldValue.isNull() || oldValue.isMissingNode())) {
        continue;
      }
      Map<String, Object> vars = new LinkedHashMap<>();
      vars.put("self", toCel(value));
      if (transition) {
        vars.put("oldSelf", toCel(oldValue));
      }
      if (!Boolean.TRUE.equals(evaluate(expression, vars))) {
        problems.add(path + ": " + rule.path("message").asText(expression));
      }
    }
    JsonNode properties = schemaNode.path("properties");
    for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      checkRules(properties.get(name), value.get(name), oldValue == null ? null : oldValue.get(name), path + "." + name,
          problems);
    }
    if (schemaNode.has("items") && value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        checkRules(schemaNode.get("items"), value.get(i), null, path + "[" + i + "]", problems);
      }
    }
  }

  private static Object evaluate(String expression, Map<String, Object> vars) {
    try {
      return PROGRAMS.computeIfAbsent(expression, CrdSchemaValidator::compile).eval(vars);
    } catch (Exception e) {
      throw new IllegalStateException("CEL rule failed to evaluate: " + expression, e);
    }
  }

  private static CelRuntime.Program compile(String expression) {
    try {
      return RUNTIME.createProgram(CEL.compile(expression).getAst());
    } catch (Exception e) {
      throw new IllegalStateException("CEL rule does not compile: " + expression, e);
    }
  }

  /** A list's sum as Kubernetes computes it: integers stay integers, any double makes it a double. */
  private static Object sum(List<?> values) {
    long whole = 0;
    double fraction = 0;
    boolean isDouble = false;
    for (Object value : values) {
      if (value instanceof Double d) {
        isDouble = true;
        fraction += d;
      } else {
        whole += ((Number) value).longValue();
      }
    }
    return isDouble ? (Object) (whole + fraction) : (Object) whole;
  }

  /** JSON as CEL's Java values: objects as maps, arrays as lists, integers as long. */
  static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(toCel(item)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asText();
  }

  private static JsonNode withoutKubernetesKeywords(JsonNode node) {
    JsonNode copy = node.deepCopy();
    strip(copy);
    return copy;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove(List.of("x-kubernetes-validations", "x-kubernetes-preserve-unknown-fields",
          "x-kubernetes-int-or-string", "x-kubernetes-list-type", "x-kubernetes-map-type", "x-kubernetes-list-map-keys"));
      object.forEach(CrdSchemaValidator::strip);
    } else if (node != null && node.isArray()) {
      node.forEach(CrdSchemaValidator::strip);
    }
  }
}
