package dev.iotjobs.api.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A device. Its {@code metadata.name} is the thing name used on MQTT; its labels are what groups select on. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Plural("things")
@ShortNames("thing")
@Categories(ApiGroup.CATEGORY)
@io.fabric8.generator.annotation.ValidationRule(value = "size(self.metadata.name) <= 128",
    message = "a Thing's name is its thing name on MQTT: at most 128 characters")
@AdditionalPrinterColumn(name = "LAST-SEEN", jsonPath = ".status.lastSeenAt", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "CONNECTED", jsonPath = ".status.connected", type = AdditionalPrinterColumn.Type.BOOLEAN,
    priority = 1)
public class Thing extends CustomResource<ThingSpec, ThingStatus> implements Namespaced {}
