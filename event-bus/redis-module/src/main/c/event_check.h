#ifndef ORDERFLOW_EVENT_CHECK_H
#define ORDERFLOW_EVENT_CHECK_H

#include <stddef.h>

/* The event types of EventTypes, in the order event_check returns them. */
#define EVENT_TYPE_COUNT 3
extern const char *const EVENT_TYPES[EVENT_TYPE_COUNT];

/*
 * Whether an entry's data is an event the distributor may route without the JVM: the rules of
 * RouteNewScript (EventCodec's, as far as they can be told without Java), on one pass over the
 * JSON. Returns the index of its type in EVENT_TYPES, or -1 for anything to leave to the Java
 * path. On success, *event_id points at the raw (still escaped) text of its event_id.
 */
int event_check(const char *data, size_t length, const char **event_id, size_t *event_id_length);

/* Decodes a JSON string's raw text into buf as UTF-8; its length, or -1 when it does not fit. */
long json_unescape(const char *raw, size_t length, char *buf, size_t capacity);

#endif
