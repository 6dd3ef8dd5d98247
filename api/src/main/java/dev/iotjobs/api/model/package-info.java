/**
 * The four custom resources of {@code iotjobs.dev/v1alpha1}. Field names follow AWS CreateJob so that an AWS job
 * definition ports by copying its fields; the CRDs in {@code crds/} are generated from these classes.
 */
package dev.iotjobs.api.model;
