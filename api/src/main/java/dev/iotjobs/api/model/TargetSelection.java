package dev.iotjobs.api.model;

public enum TargetSelection {
  SNAPSHOT,
  CONTINUOUS
}
