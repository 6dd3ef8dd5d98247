/*
 * The bridge benchmark's bare responder: answers every $aws/things/+/jobs/get on .../get/accepted with an answer of
 * the bridge's size (one queued job), QoS 1, through libmosquitto and nothing else: what the broker and the MQTT
 * round trip cost, outside any JVM. Prints "ready" once subscribed.
 *   bare_responder HOST PORT
 * Built by the benchmark with: cc -O2 -o bare_responder bare_responder.c -lmosquitto (Debian: libmosquitto-dev).
 */
#include <mosquitto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void on_connect(struct mosquitto *mosq, void *data, int rc) {
  (void) data;
  if (rc != 0) {
    fprintf(stderr, "connect refused: %d\n", rc);
    exit(1);
  }
  mosquitto_subscribe(mosq, NULL, "$aws/things/+/jobs/get", 1);
}

static void on_subscribe(struct mosquitto *mosq, void *data, int mid, int count, const int *granted) {
  (void) mosq; (void) data; (void) mid; (void) count; (void) granted;
  printf("ready\n");
  fflush(stdout);
}

/* The request's clientToken, copied into token; empty when there is none or it does not fit. */
static void client_token(const char *payload, char *token, size_t size) {
  token[0] = '\0';
  const char *key = strstr(payload, "\"clientToken\"");
  const char *start = key == NULL ? NULL : strchr(key + 13, '"');
  const char *end = start == NULL ? NULL : strchr(start + 1, '"');
  if (end != NULL && (size_t) (end - start - 1) < size) {
    memcpy(token, start + 1, (size_t) (end - start - 1));
    token[end - start - 1] = '\0';
  }
}

static void on_message(struct mosquitto *mosq, void *data, const struct mosquitto_message *message) {
  (void) data;
  char token[256];
  char topic[512];
  char answer[768];
  /* libmosquitto ends every payload with a NUL byte beyond payloadlen */
  client_token(message->payload == NULL ? "" : (const char *) message->payload, token, sizeof token);
  snprintf(topic, sizeof topic, "%s/accepted", message->topic);
  int length = snprintf(answer, sizeof answer,
      "{\"clientToken\":\"%s\",\"timestamp\":%ld,\"inProgressJobs\":[],\"queuedJobs\":[{\"jobId\":\"bench\","
      "\"queuedAt\":1764244800,\"lastUpdatedAt\":1764244800,\"executionNumber\":1,\"versionNumber\":1}]}",
      token, (long) time(NULL));
  mosquitto_publish(mosq, NULL, topic, length, answer, 1, false);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: bare_responder HOST PORT\n");
    return 2;
  }
  mosquitto_lib_init();
  struct mosquitto *mosq = mosquitto_new("bench-bare", true, NULL);
  if (mosq == NULL) {
    fprintf(stderr, "out of memory\n");
    return 1;
  }
  /* as the bridge's client: no Nagle delay, and as many QoS 1 messages in flight as the broker allows */
  mosquitto_int_option(mosq, MOSQ_OPT_TCP_NODELAY, 1);
  mosquitto_max_inflight_messages_set(mosq, 1000);
  mosquitto_connect_callback_set(mosq, on_connect);
  mosquitto_subscribe_callback_set(mosq, on_subscribe);
  mosquitto_message_callback_set(mosq, on_message);
  if (mosquitto_connect(mosq, argv[1], atoi(argv[2]), 30) != MOSQ_ERR_SUCCESS) {
    fprintf(stderr, "cannot connect to %s:%s\n", argv[1], argv[2]);
    return 1;
  }
  mosquitto_loop_forever(mosq, -1, 1);
  mosquitto_destroy(mosq);
  mosquitto_lib_cleanup();
  return 0;
}
