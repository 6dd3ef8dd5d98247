package dev.iotjobs.api.model;

/** The RFC 3339 date-time shape the CRDs accept for times. */
public final class Rfc3339 {
  public static final String PATTERN =
      "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$";

  private Rfc3339() {}
}
