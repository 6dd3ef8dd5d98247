package dev.iotjobs.api.model;

/** Schema marker for a free-form JSON object: the CRD says "type: object" and keeps every field. */
final class AnyJsonObject {
  private AnyJsonObject() {}
}
