/** The device bridge: the AWS IoT Jobs MQTT protocol over any broker. */
package dev.iotjobs.bridge;
