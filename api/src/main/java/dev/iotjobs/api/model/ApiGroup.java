package dev.iotjobs.api.model;

/** Names shared by every kind of the API group. */
public final class ApiGroup {
  public static final String GROUP = "iotjobs.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String CATEGORY = "iot";

  private ApiGroup() {}
}
