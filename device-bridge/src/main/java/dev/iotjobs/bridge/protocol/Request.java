package dev.iotjobs.bridge.protocol;

import static dev.iotjobs.api.execution.RejectionCode.InvalidJson;
import static dev.iotjobs.api.execution.RejectionCode.InvalidRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotjobs.api.model.ExecutionStatus;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A device request's JSON body, read leniently where AWS is lenient (unknown fields are ignored, expectedVersion may
 * be a number or a numeric string) and strictly where types matter.
 */
public final class Request {
  /** Larger than any valid request: ten 1 KB statusDetails values and their keys fit well within it. */
  public static final int MAX_PAYLOAD_BYTES = 32 * 1024;
  public static final int MAX_CLIENT_TOKEN = 64;
  private final ObjectNode body;
  private final String clientToken;

  private Request(ObjectNode body, String clientToken) {
    this.body = body;
    this.clientToken = clientToken;
  }

  /** The client token, as far as it can be read: so even a rejection of a bad body can echo it. */
  public static String clientTokenOf(byte[] payload) {
    try {
      JsonNode token = Payloads.JSON.readTree(payload).path("clientToken");
      return token.isTextual() && token.asText().length() <= MAX_CLIENT_TOKEN ? token.asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  public static Request parse(byte[] payload) throws RequestException {
    if (payload.length > MAX_PAYLOAD_BYTES) {
      throw new RequestException(InvalidRequest, "payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD_BYTES);
    }
    if (payload.length == 0) {
      return new Request(Payloads.JSON.createObjectNode(), null);
    }
    JsonNode json;
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(payload));
      json = Payloads.JSON.readTree(payload);
    } catch (CharacterCodingException e) {
      throw new RequestException(InvalidJson, "payload is not UTF-8");
    } catch (IOException e) {
      throw new RequestException(InvalidJson, "payload is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (json == null || !json.isObject()) {
      throw new RequestException(InvalidJson, "payload must be a JSON object");
    }
    ObjectNode body = (ObjectNode) json;
    JsonNode token = body.get("clientToken");
    String clientToken = null;
    if (token != null && !token.isNull()) {
      if (!token.isTextual() || token.asText().length() > MAX_CLIENT_TOKEN) {
        throw new RequestException(InvalidRequest, "clientToken must be a string of at most " + MAX_CLIENT_TOKEN
            + " characters");
      }
      clientToken = token.asText();
    }
    return new Request(body, clientToken);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  public String clientToken() {
    return clientToken;
  }

  /** A long given as a JSON integer or a numeric string; null when absent. */
  public Long longField(String name) throws RequestException {
    JsonNode node = body.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.asLong();
    }
    if (node.isTextual()) {
      try {
        return Long.parseLong(node.asText().trim());
      } catch (NumberFormatException e) {
        throw new RequestException(InvalidRequest, name + " must be a number, not \"" + node.asText() + "\"");
      }
    }
    throw new RequestException(InvalidRequest, name + " must be a number");
  }

  public Boolean booleanField(String name) throws RequestException {
    JsonNode node = body.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isBoolean()) {
      throw new RequestException(InvalidRequest, name + " must be true or false");
    }
    return node.asBoolean();
  }

  /** statusDetails as a map; a non-object, or values that are not strings, are refused. */
  public Map<String, String> statusDetails() throws RequestException {
    JsonNode node = body.get("statusDetails");
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new RequestException(InvalidRequest, "statusDetails must be an object of string values");
    }
    Map<String, String> details = new LinkedHashMap<>();
    var fields = node.fields();
    while (fields.hasNext()) {
      var field = fields.next();
      if (!field.getValue().isTextual()) {
        throw new RequestException(InvalidRequest, "statusDetails value of '" + field.getKey() + "' must be a string");
      }
      details.put(field.getKey(), field.getValue().asText());
    }
    return details;
  }

  /** The status of an update: required, and one of the execution statuses. */
  public ExecutionStatus status() throws RequestException {
    JsonNode node = body.get("status");
    if (node == null || node.isNull()) {
      throw new RequestException(InvalidRequest, "status is required on every update");
    }
    if (!node.isTextual()) {
      throw new RequestException(InvalidRequest, "status must be a string");
    }
    try {
      return ExecutionStatus.valueOf(node.asText());
    } catch (IllegalArgumentException e) {
      throw new RequestException(InvalidRequest, "unknown status \"" + node.asText()
          + "\"; a device reports IN_PROGRESS, SUCCEEDED, FAILED or REJECTED");
    }
  }
}
