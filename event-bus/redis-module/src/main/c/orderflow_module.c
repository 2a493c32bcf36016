/*
 * Orderflow's Redis module: ORDERFLOW.ROUTE, the distributor's routing of new central entries
 * (RouteNewScript) as a native command, with the script's arguments and reply, so that the
 * distributor can use either. The script spends most of Redis's time per event in Lua (cjson,
 * the conversions of every redis.call's arguments and replies); here the entries are read and
 * copied through the stream API and checked in one pass in C, which is what lets a backlog drain
 * at the pace the benchmark asks for. See event-bus/README.md.
 *
 * ORDERFLOW.ROUTE stream prefix group consumer count trail
 *   -> {entries read, {type, "queue queue ...", events, ...}, {[id, [field, value, ...]] left}}
 *
 * Like the script it touches keys it does not declare (subscriber queues, subscriptions, stats,
 * trails): not for Redis Cluster.
 */
#include "redismodule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_check.h"

/* The longest key prefix and event id whose trail key is built here; longer ones go to Java. */
#define MAX_TRAIL_KEY 512

/* One event type's route, looked up once per batch. */
typedef struct {
    int looked_up;
    int usable; /* every subscriber key is a stream or does not exist */
    int queue_count;
    RedisModuleString **queues;      /* queue names, sorted as the script sorts them */
    RedisModuleString **queue_keys;  /* their stream keys */
    RedisModuleString **trail_fields; /* "distributed:<queue>", the trail's field for each */
    RedisModuleKey **opened;
    long long events;
} route;

static int compare_strings(const void *a, const void *b) {
    size_t la, lb;
    const char *sa = RedisModule_StringPtrLen(*(RedisModuleString *const *) a, &la);
    const char *sb = RedisModule_StringPtrLen(*(RedisModuleString *const *) b, &lb);
    int c = memcmp(sa, sb, la < lb ? la : lb);
    return c != 0 ? c : (la > lb) - (la < lb);
}

static void look_up(RedisModuleCtx *ctx, route *r, RedisModuleString *prefix, RedisModuleString *stream, int type) {
    r->looked_up = 1;
    r->usable = 1;
    RedisModuleString *set = RedisModule_CreateStringPrintf(ctx, "%ssubscriptions:%s",
            RedisModule_StringPtrLen(prefix, NULL), EVENT_TYPES[type]);
    RedisModuleCallReply *members = RedisModule_Call(ctx, "SMEMBERS", "s", set);
    if (members == NULL || RedisModule_CallReplyType(members) != REDISMODULE_REPLY_ARRAY) {
        /* Not a set: the Java path reports it; failing here would drop a read the group has moved past. */
        r->usable = 0;
        return;
    }
    size_t n = RedisModule_CallReplyLength(members);
    r->queue_count = (int) n;
    r->queues = RedisModule_Calloc(n + 1, sizeof(*r->queues));
    r->queue_keys = RedisModule_Calloc(n + 1, sizeof(*r->queue_keys));
    r->opened = RedisModule_Calloc(n + 1, sizeof(*r->opened));
    r->trail_fields = RedisModule_Calloc(n + 1, sizeof(*r->trail_fields));
    for (size_t i = 0; i < n; i++) {
        r->queues[i] = RedisModule_CreateStringFromCallReply(RedisModule_CallReplyArrayElement(members, i));
    }
    qsort(r->queues, n, sizeof(*r->queues), compare_strings);
    for (size_t i = 0; i < n; i++) {
        r->queue_keys[i] = RedisModule_CreateStringFromString(ctx, prefix);
        size_t length;
        const char *name = RedisModule_StringPtrLen(r->queues[i], &length);
        RedisModule_StringAppendBuffer(ctx, r->queue_keys[i], name, length);
        r->trail_fields[i] = RedisModule_CreateString(ctx, "distributed:", 12);
        RedisModule_StringAppendBuffer(ctx, r->trail_fields[i], name, length);
        r->opened[i] = RedisModule_OpenKey(ctx, r->queue_keys[i], REDISMODULE_READ | REDISMODULE_WRITE);
        int kind = RedisModule_KeyType(r->opened[i]);
        if (kind != REDISMODULE_KEYTYPE_STREAM && kind != REDISMODULE_KEYTYPE_EMPTY) r->usable = 0;
        /* A copy into the stream being read would move under the reader: the Java path takes it. */
        if (RedisModule_StringCompare(r->queue_keys[i], stream) == 0) r->usable = 0;
    }
}

/* Redis propagates writes only to an AOF or a replication backlog: building copies for neither is waste. */
static int propagating(RedisModuleCtx *ctx) {
    if (RedisModule_GetContextFlags(ctx) & REDISMODULE_CTX_FLAGS_AOF) return 1;
    RedisModuleServerInfoData *info = RedisModule_GetServerInfo(ctx, "replication");
    int backlog = RedisModule_ServerInfoGetFieldUnsigned(info, "repl_backlog_active", NULL) != 0;
    RedisModule_FreeServerInfo(ctx, info);
    return backlog;
}

/* Redis's clock as the script writes it: seconds and six digits of microseconds. */
static void now_micros(RedisModuleCtx *ctx, char *out, size_t capacity) {
    RedisModuleCallReply *time = RedisModule_Call(ctx, "TIME", "");
    size_t sl, ul;
    const char *seconds = RedisModule_CallReplyStringPtr(RedisModule_CallReplyArrayElement(time, 0), &sl);
    const char *micros = RedisModule_CallReplyStringPtr(RedisModule_CallReplyArrayElement(time, 1), &ul);
    char buf[16];
    snprintf(buf, sizeof buf, "%.*s", (int) (ul < 15 ? ul : 15), micros);
    snprintf(out, capacity, "%.*s%06ld", (int) sl, seconds, strtol(buf, NULL, 10));
}

/* Appends one copy of data to every queue of the route; the same copies to the AOF and replicas. */
static void copy(RedisModuleCtx *ctx, route *r, RedisModuleString **field_and_data, int propagate) {
    for (int q = 0; q < r->queue_count; q++) {
        RedisModuleStreamID id;
        if (RedisModule_StreamAdd(r->opened[q], REDISMODULE_STREAM_ADD_AUTOID, &id, field_and_data, 1) != REDISMODULE_OK) {
            /* Only a stream whose last id is the largest there is refuses an automatic one. */
            RedisModule_Log(ctx, "warning", "ORDERFLOW.ROUTE could not append to %s",
                    RedisModule_StringPtrLen(r->queue_keys[q], NULL));
            continue;
        }
        if (propagate) {
            char text[48];
            int length = snprintf(text, sizeof text, "%llu-%llu", (unsigned long long) id.ms,
                    (unsigned long long) id.seq);
            RedisModule_Replicate(ctx, "XADD", "sbss", r->queue_keys[q], text, (size_t) length,
                    field_and_data[0], field_and_data[1]);
        }
    }
}

/* Marks the distribution time in the event's trail for each queue, when the trail exists. */
static void mark_trail(RedisModuleCtx *ctx, route *r, RedisModuleString *trail, const char *now) {
    if (!RedisModule_KeyExists(ctx, trail)) return;
    for (int q = 0; q < r->queue_count; q++) {
        RedisModule_Call(ctx, "HSET", "!ssc", trail, r->trail_fields[q], now);
    }
}

static void reply_summary(RedisModuleCtx *ctx, route *routes) {
    int kinds = 0;
    for (int t = 0; t < EVENT_TYPE_COUNT; t++) kinds += routes[t].usable && routes[t].events > 0;
    RedisModule_ReplyWithArray(ctx, kinds * 3);
    for (int t = 0; t < EVENT_TYPE_COUNT; t++) {
        route *r = &routes[t];
        if (!r->usable || r->events == 0) continue;
        RedisModule_ReplyWithCString(ctx, EVENT_TYPES[t]);
        RedisModuleString *joined = RedisModule_CreateString(ctx, "", 0);
        for (int q = 0; q < r->queue_count; q++) {
            size_t length;
            const char *name = RedisModule_StringPtrLen(r->queues[q], &length);
            if (q > 0) RedisModule_StringAppendBuffer(ctx, joined, " ", 1);
            RedisModule_StringAppendBuffer(ctx, joined, name, length);
        }
        RedisModule_ReplyWithString(ctx, joined);
        RedisModule_ReplyWithLongLong(ctx, r->events);
    }
}

static void release(route *routes, RedisModuleString **claims) {
    for (int t = 0; t < EVENT_TYPE_COUNT; t++) {
        for (int q = 0; q < routes[t].queue_count; q++) {
            if (routes[t].opened[q] != NULL) RedisModule_CloseKey(routes[t].opened[q]);
        }
        RedisModule_Free(routes[t].queues);
        RedisModule_Free(routes[t].queue_keys);
        RedisModule_Free(routes[t].opened);
        RedisModule_Free(routes[t].trail_fields);
    }
    RedisModule_Free(claims);
}

static int parse_id(const char *text, size_t length, RedisModuleStreamID *id) {
    char buf[48];
    if (length == 0 || length >= sizeof buf) return 0;
    memcpy(buf, text, length);
    buf[length] = 0;
    char *end;
    id->ms = strtoull(buf, &end, 10);
    id->seq = 0;
    if (*end == '-') id->seq = strtoull(end + 1, &end, 10);
    return *end == 0;
}

/* The value of a field in a flat [name, value, ...] reply, or NULL. */
static RedisModuleCallReply *field_of(RedisModuleCallReply *map, const char *name) {
    size_t n = RedisModule_CallReplyLength(map), length = strlen(name);
    for (size_t i = 0; i + 1 < n; i += 2) {
        size_t l;
        const char *key = RedisModule_CallReplyStringPtr(RedisModule_CallReplyArrayElement(map, i), &l);
        if (key != NULL && l == length && memcmp(key, name, l) == 0) return RedisModule_CallReplyArrayElement(map, i + 1);
    }
    return NULL;
}

/*
 * Where the group stands: the id it last delivered and how many entries it has read (-1 when
 * Redis does not know). 0 when the stream or the group does not exist.
 */
static int group_cursor(RedisModuleCtx *ctx, RedisModuleString *stream, RedisModuleString *group,
        RedisModuleStreamID *last, long long *entries_read) {
    RedisModuleCallReply *groups = RedisModule_Call(ctx, "XINFO", "cs", "GROUPS", stream);
    if (groups == NULL || RedisModule_CallReplyType(groups) != REDISMODULE_REPLY_ARRAY) return 0;
    size_t wanted_length;
    const char *wanted = RedisModule_StringPtrLen(group, &wanted_length);
    for (size_t g = 0; g < RedisModule_CallReplyLength(groups); g++) {
        RedisModuleCallReply *info = RedisModule_CallReplyArrayElement(groups, g);
        RedisModuleCallReply *name = field_of(info, "name");
        size_t l;
        const char *text = name != NULL ? RedisModule_CallReplyStringPtr(name, &l) : NULL;
        if (text == NULL || l != wanted_length || memcmp(text, wanted, l) != 0) continue;
        RedisModuleCallReply *id = field_of(info, "last-delivered-id");
        const char *id_text = id != NULL ? RedisModule_CallReplyStringPtr(id, &l) : NULL;
        if (id_text == NULL || !parse_id(id_text, l, last)) return 0;
        RedisModuleCallReply *read = field_of(info, "entries-read");
        *entries_read = read != NULL && RedisModule_CallReplyType(read) == REDISMODULE_REPLY_INTEGER
                ? RedisModule_CallReplyInteger(read) : -1;
        return 1;
    }
    return 0;
}

/* What the stream says of itself that the group's entries-read count depends on. */
typedef struct {
    RedisModuleStreamID max_deleted;    /* the largest id ever deleted, 0-0 when none */
    RedisModuleStreamID last_generated; /* the id of the last entry ever added */
    long long entries_added;
    int known;
} stream_facts;

static int reply_id(RedisModuleCallReply *map, const char *name, RedisModuleStreamID *id) {
    RedisModuleCallReply *value = field_of(map, name);
    size_t l;
    const char *text = value != NULL ? RedisModule_CallReplyStringPtr(value, &l) : NULL;
    return text != NULL && parse_id(text, l, id);
}

static stream_facts facts_of(RedisModuleCtx *ctx, RedisModuleString *stream) {
    stream_facts facts = {{0, 0}, {0, 0}, 0, 0};
    RedisModuleCallReply *info = RedisModule_Call(ctx, "XINFO", "cs", "STREAM", stream);
    if (info == NULL || RedisModule_CallReplyType(info) != REDISMODULE_REPLY_ARRAY) return facts;
    RedisModuleCallReply *added = field_of(info, "entries-added");
    facts.known = reply_id(info, "max-deleted-entry-id", &facts.max_deleted)
            && reply_id(info, "last-generated-id", &facts.last_generated)
            && added != NULL && RedisModule_CallReplyType(added) == REDISMODULE_REPLY_INTEGER;
    if (facts.known) facts.entries_added = RedisModule_CallReplyInteger(added);
    return facts;
}

static int id_before(const RedisModuleStreamID *a, const RedisModuleStreamID *b) {
    return a->ms < b->ms || (a->ms == b->ms && a->seq < b->seq);
}

/*
 * Moves the group past the entries read here as XREADGROUP would: its last delivered id, and
 * its entries-read count by Redis's own rules: counted on while no entry at or after the first
 * one read was ever deleted, all entries ever added once the group has read the last one, and
 * otherwise unknown (Redis estimates the lag when asked, as after a deletion).
 */
static void advance_group(RedisModuleCtx *ctx, RedisModuleString *stream, RedisModuleString *group,
        RedisModuleStreamID first, RedisModuleStreamID last, long long entries_read, long long read) {
    char id[48];
    snprintf(id, sizeof id, "%llu-%llu", (unsigned long long) last.ms, (unsigned long long) last.seq);
    stream_facts facts = facts_of(ctx, stream);
    long long counted = -1;
    if (facts.known && entries_read >= 0 && id_before(&facts.max_deleted, &first)) {
        counted = entries_read + read;
    } else if (facts.known && !id_before(&last, &facts.last_generated)) {
        counted = facts.entries_added;
    }
    if (counted >= 0) {
        RedisModule_Call(ctx, "XGROUP", "!cssccl", "SETID", stream, group, id, "ENTRIESREAD", counted);
    } else {
        RedisModule_Call(ctx, "XGROUP", "!cssc", "SETID", stream, group, id);
    }
}

static int reply_nothing(RedisModuleCtx *ctx) {
    RedisModule_ReplyWithArray(ctx, 3);
    RedisModule_ReplyWithLongLong(ctx, 0);
    RedisModule_ReplyWithArray(ctx, 0);
    return RedisModule_ReplyWithArray(ctx, 0);
}

static int route_command(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 7) return RedisModule_WrongArity(ctx);
    RedisModule_AutoMemory(ctx);
    RedisModuleString *stream = argv[1], *prefix = argv[2], *group = argv[3], *consumer = argv[4];
    long long count;
    if (RedisModule_StringToLongLong(argv[5], &count) != REDISMODULE_OK || count <= 0) {
        return RedisModule_ReplyWithError(ctx, "ERR ORDERFLOW.ROUTE: count must be a positive integer");
    }
    size_t prefix_length, trail_flag_length;
    RedisModule_StringPtrLen(prefix, &prefix_length);
    const char *trail_flag = RedisModule_StringPtrLen(argv[6], &trail_flag_length);
    int traced = trail_flag_length == 1 && trail_flag[0] == '1';

    /*
     * The new entries are read straight from the stream after the group's last delivered id, not
     * with XREADGROUP: the entries routed here are copied and done within this one atomic
     * command, so they need no pending entry, no acknowledgement and no reply to parse back, which
     * together cost Redis more than the copies. The group then moves past them as a read would;
     * the entries left to the Java path are made pending for the consumer with XCLAIM, as a plain
     * read would leave them.
     */
    RedisModuleStreamID cursor;
    long long entries_read;
    if (!group_cursor(ctx, stream, group, &cursor, &entries_read)) {
        return RedisModule_ReplyWithError(ctx, "NOGROUP No such key or consumer group for ORDERFLOW.ROUTE");
    }
    RedisModuleKey *central = RedisModule_OpenKey(ctx, stream, REDISMODULE_READ);
    if (RedisModule_StreamIteratorStart(central, REDISMODULE_STREAM_ITERATOR_EXCLUSIVE, &cursor, NULL) != REDISMODULE_OK) {
        return reply_nothing(ctx);
    }

    route routes[EVENT_TYPE_COUNT];
    memset(routes, 0, sizeof routes);
    /* XCLAIM's arguments: stream, group, consumer, min idle time, the left entries' ids, FORCE. */
    size_t claims_capacity = 64;
    RedisModuleString **claims = RedisModule_Alloc(sizeof(*claims) * (claims_capacity + 5));
    size_t left_count = 0;
    int propagate = propagating(ctx);
    char now[48] = "";
    if (traced) now_micros(ctx, now, sizeof now);
    char trail_key[MAX_TRAIL_KEY];
    int trail_key_fits = prefix_length + 6 < sizeof trail_key;
    if (trail_key_fits) {
        memcpy(trail_key, RedisModule_StringPtrLen(prefix, NULL), prefix_length);
        memcpy(trail_key + prefix_length, "trail:", 6);
    }
    RedisModuleString *field_and_data[2] = {RedisModule_CreateString(ctx, "data", 4), NULL};
    RedisModuleStreamID first = {0, 0}, last = {0, 0}, id;
    long long n = 0;
    long field_count;

    while (n < count && RedisModule_StreamIteratorNextID(central, &id, &field_count) == REDISMODULE_OK) {
        if (n++ == 0) first = id;
        last = id;
        RedisModuleString *data = NULL, *field, *value;
        while (RedisModule_StreamIteratorNextField(central, &field, &value) == REDISMODULE_OK) {
            size_t length;
            const char *name = RedisModule_StringPtrLen(field, &length);
            if (length == 4 && memcmp(name, "data", 4) == 0) {
                if (data != NULL) RedisModule_FreeString(ctx, data);
                data = value;
            } else {
                RedisModule_FreeString(ctx, value);
            }
            RedisModule_FreeString(ctx, field);
        }
        size_t data_length = 0;
        const char *text = data != NULL ? RedisModule_StringPtrLen(data, &data_length) : NULL;
        const char *event_id = NULL;
        size_t event_id_length = 0;
        int type = text != NULL ? event_check(text, data_length, &event_id, &event_id_length) : -1;
        route *r = type >= 0 ? &routes[type] : NULL;
        if (r != NULL && !r->looked_up) look_up(ctx, r, prefix, stream, type);
        long trail_length = 0;
        if (r != NULL && r->usable && traced && r->queue_count > 0) {
            trail_length = trail_key_fits ? json_unescape(event_id, event_id_length, trail_key + prefix_length + 6,
                    sizeof trail_key - prefix_length - 6) : -1;
        }
        if (r == NULL || !r->usable || trail_length < 0) {
            if (left_count == claims_capacity) {
                claims_capacity *= 2;
                claims = RedisModule_Realloc(claims, sizeof(*claims) * (claims_capacity + 5));
            }
            claims[4 + left_count++] = RedisModule_CreateStringPrintf(ctx, "%llu-%llu", (unsigned long long) id.ms,
                    (unsigned long long) id.seq);
            if (data != NULL) RedisModule_FreeString(ctx, data);
            continue;
        }
        field_and_data[1] = data;
        copy(ctx, r, field_and_data, propagate);
        RedisModule_FreeString(ctx, data);
        if (traced && r->queue_count > 0) {
            RedisModuleString *trail = RedisModule_CreateString(ctx, trail_key, prefix_length + 6 + (size_t) trail_length);
            mark_trail(ctx, r, trail, now);
            RedisModule_FreeString(ctx, trail);
        }
        r->events++;
    }
    RedisModule_StreamIteratorStop(central);
    if (n == 0) {
        release(routes, claims);
        return reply_nothing(ctx);
    }
    advance_group(ctx, stream, group, first, last, entries_read, n);

    RedisModuleCallReply *claimed = NULL;
    if (left_count > 0) {
        claims[0] = stream;
        claims[1] = group;
        claims[2] = consumer;
        claims[3] = RedisModule_CreateString(ctx, "0", 1);
        claims[4 + left_count] = RedisModule_CreateString(ctx, "FORCE", 5);
        claimed = RedisModule_Call(ctx, "XCLAIM", "!v", claims, left_count + 5);
        /* Cannot fail inside this atomic command (the entries and the group exist): checked all the same. */
        if (claimed == NULL || RedisModule_CallReplyType(claimed) != REDISMODULE_REPLY_ARRAY
                || RedisModule_CallReplyLength(claimed) != left_count) {
            release(routes, claims);
            return RedisModule_ReplyWithError(ctx, "ERR ORDERFLOW.ROUTE: could not keep the left entries pending");
        }
    }

    for (int t = 0; t < EVENT_TYPE_COUNT; t++) {
        route *r = &routes[t];
        if (!r->usable || r->events == 0) continue;
        RedisModuleString *stats = RedisModule_CreateStringPrintf(ctx, "%sstats:distributor",
                RedisModule_StringPtrLen(prefix, NULL));
        RedisModuleString *field = RedisModule_CreateStringPrintf(ctx, "%s%s",
                r->queue_count == 0 ? "unrouted:" : "routed:", EVENT_TYPES[t]);
        RedisModule_Call(ctx, "HINCRBY", "!ssl", stats, field, r->events);
    }

    RedisModule_ReplyWithArray(ctx, 3);
    RedisModule_ReplyWithLongLong(ctx, n);
    reply_summary(ctx, routes);
    /* XCLAIM answers with the entries it claimed, in the order given: the left entries whole. */
    if (claimed != NULL) RedisModule_ReplyWithCallReply(ctx, claimed);
    else RedisModule_ReplyWithArray(ctx, 0);
    release(routes, claims);
    return REDISMODULE_OK;
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    (void) argv;
    (void) argc;
    if (RedisModule_Init(ctx, "orderflow", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR) return REDISMODULE_ERR;
    return RedisModule_CreateCommand(ctx, "orderflow.route", route_command, "write deny-oom", 1, 1, 1);
}
