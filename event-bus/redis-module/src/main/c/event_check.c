/*
 * The routing check of RouteNewScript in C: one strict pass over an event's JSON that keeps only
 * the fields the rules read. Where the script's cjson and Java's Jackson disagree, this is at
 * least as strict as either (leading zeros, '+', NaN, raw control characters in strings are
 * refused), so an entry routed here is one the Java path would route too; whatever it refuses is
 * left to the Java path, which routes or dead-letters it with its reasons.
 */
#include "event_check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const EVENT_TYPES[EVENT_TYPE_COUNT] = {"OrderCreatedEvent", "PaymentProcessedEvent", "OrderShippedEvent"};

enum kind { K_ABSENT, K_NULL, K_BOOL, K_NUMBER, K_STRING, K_ARRAY, K_OBJECT };

typedef struct {
    enum kind kind;
    const char *text; /* a string's raw content, between its quotes */
    size_t length;
    double number;
} value;

/* The event's fields the rules read; an event's other fields are checked for syntax only. */
enum { F_EVENT_TYPE, F_EVENT_ID, F_TIMESTAMP, F_ORDER_ID, F_USER_ID, F_TOTAL, F_ITEMS, F_PAYMENT_ID, F_AMOUNT,
       F_STATUS, F_TRACKING_NUMBER, F_CARRIER, F_METADATA, EVENT_FIELD_COUNT };
static const char *const EVENT_FIELDS[EVENT_FIELD_COUNT] = {"event_type", "event_id", "timestamp", "order_id",
       "user_id", "total", "items", "payment_id", "amount", "status", "tracking_number", "carrier", "_metadata"};
enum { I_PRODUCT_ID, I_NAME, I_PRICE, I_QUANTITY, ITEM_FIELD_COUNT };
static const char *const ITEM_FIELDS[ITEM_FIELD_COUNT] = {"product_id", "name", "price", "quantity"};

/* What an object's or array's members are to the checks. */
enum role { R_OTHER, R_EVENT, R_ITEMS, R_ITEM, R_METADATA };

/* cjson's limit too (recursion of a few hundred bytes a level, on an 8 MB stack); no event comes near it. */
#define MAX_DEPTH 1000

typedef struct {
    const char *at, *end;
    int depth;
    /* Of the last "items" array: whether every element passed the item rules, and how many there were. */
    int items_valid, items_count;
    /* Of the last "_metadata" object: whether its ttl is set (not absent, not null). */
    int ttl_set;
    /* Whether the number being read is a field the rules read: only those are valued. */
    int valued;
} parser;

static int parse_value(parser *p, value *out, enum role role);

static void skip_space(parser *p) {
    while (p->at < p->end && (*p->at == ' ' || *p->at == '\t' || *p->at == '\n' || *p->at == '\r')) {
        p->at++;
    }
}

static int hex4(const char *s) {
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= c - '0';
        else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
        else return -1;
    }
    return v;
}

/* The bytes that end a run of plain characters in a string: the quote, the backslash, controls. */
static const unsigned char STRING_STOP[256] = {
    [0 ... 0x1F] = 1, ['"'] = 1, ['\\'] = 1,
};

/* A string at the opening quote; its raw content in *text. */
static int parse_string(parser *p, const char **text, size_t *length) {
    const char *s = ++p->at;
    for (;;) {
        while (s < p->end && !STRING_STOP[(unsigned char) *s]) s++;
        if (s >= p->end || *s == '"') break;
        if ((unsigned char) *s < 0x20) return 0;
        if (s + 1 >= p->end) return 0;
        switch (s[1]) {
        case 'u':
            if (p->end - s < 6 || hex4(s + 2) < 0) return 0;
            s += 6;
            break;
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
            s += 2;
            break;
        default:
            return 0;
        }
    }
    if (s >= p->end) return 0;
    *text = p->at;
    *length = (size_t) (s - p->at);
    p->at = s + 1;
    return 1;
}

static const double POWERS_OF_TEN[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
                                       1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* A number in JSON's grammar, valued exactly as strtod would. */
static int parse_number(parser *p, double *out) {
    const char *s = p->at, *start = s, *end = p->end;
    int negative = 0, digits = 0, scale = 0, exponent = 0;
    unsigned long long mantissa = 0;
    if (s < end && *s == '-') {
        negative = 1;
        s++;
    }
    if (s >= end) return 0;
    if (*s == '0') {
        s++;
    } else if (*s >= '1' && *s <= '9') {
        for (; s < end && *s >= '0' && *s <= '9'; s++) {
            if (digits < 19) {
                mantissa = mantissa * 10 + (unsigned) (*s - '0');
                digits++;
            } else {
                scale++;
            }
        }
    } else {
        return 0;
    }
    if (s < end && *s == '.') {
        s++;
        if (s >= end || *s < '0' || *s > '9') return 0;
        for (; s < end && *s >= '0' && *s <= '9'; s++) {
            if (digits < 19) {
                mantissa = mantissa * 10 + (unsigned) (*s - '0');
                digits++;
                scale--;
            }
        }
    }
    if (s < end && (*s == 'e' || *s == 'E')) {
        s++;
        int negative_exponent = 0;
        if (s < end && (*s == '+' || *s == '-')) negative_exponent = *s++ == '-';
        if (s >= end || *s < '0' || *s > '9') return 0;
        for (; s < end && *s >= '0' && *s <= '9'; s++) {
            if (exponent < 100000) exponent = exponent * 10 + (*s - '0');
        }
        if (negative_exponent) exponent = -exponent;
    }
    p->at = s;
    if (!p->valued) {
        *out = NAN;
        return 1;
    }
    int power = scale + exponent;
    /* Clinger's fast path: an exact mantissa times an exact power of ten rounds once, as strtod does. */
    if (mantissa < (1ULL << 53) && power >= -22 && power <= 22) {
        double v = (double) mantissa;
        v = power < 0 ? v / POWERS_OF_TEN[-power] : v * POWERS_OF_TEN[power];
        *out = negative ? -v : v;
        return 1;
    }
    char buf[128];
    size_t length = (size_t) (s - start);
    if (length >= sizeof buf) {
        /* Over a hundred characters: no field's rule accepts it, whatever its value. */
        *out = NAN;
        return 1;
    }
    memcpy(buf, start, length);
    buf[length] = 0;
    *out = strtod(buf, NULL);
    return 1;
}

long json_unescape(const char *raw, size_t length, char *buf, size_t capacity) {
    size_t o = 0;
    for (size_t i = 0; i < length;) {
        char c = raw[i];
        if (c != '\\') {
            if (o + 1 > capacity) return -1;
            buf[o++] = c;
            i++;
            continue;
        }
        c = raw[i + 1];
        if (c != 'u') {
            if (o + 1 > capacity) return -1;
            buf[o++] = c == 'b' ? '\b' : c == 'f' ? '\f' : c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c;
            i += 2;
            continue;
        }
        unsigned cp = (unsigned) hex4(raw + i + 2);
        i += 6;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 <= length && raw[i] == '\\' && raw[i + 1] == 'u') {
            int low = hex4(raw + i + 2);
            if (low >= 0xDC00 && low < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + ((unsigned) low - 0xDC00);
                i += 6;
            }
        }
        if (o + 4 > capacity) return -1;
        if (cp < 0x80) {
            buf[o++] = (char) cp;
        } else if (cp < 0x800) {
            buf[o++] = (char) (0xC0 | cp >> 6);
            buf[o++] = (char) (0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            buf[o++] = (char) (0xE0 | cp >> 12);
            buf[o++] = (char) (0x80 | (cp >> 6 & 0x3F));
            buf[o++] = (char) (0x80 | (cp & 0x3F));
        } else {
            buf[o++] = (char) (0xF0 | cp >> 18);
            buf[o++] = (char) (0x80 | (cp >> 12 & 0x3F));
            buf[o++] = (char) (0x80 | (cp >> 6 & 0x3F));
            buf[o++] = (char) (0x80 | (cp & 0x3F));
        }
    }
    return (long) o;
}

/* Whether a raw JSON string says name, escapes decoded (cjson decodes keys and values alike). */
static int says(const char *raw, size_t length, const char *name, size_t name_length) {
    if (!memchr(raw, '\\', length)) return length == name_length && memcmp(raw, name, length) == 0;
    char buf[64];
    long decoded = json_unescape(raw, length, buf, sizeof buf);
    return decoded == (long) name_length && memcmp(buf, name, name_length) == 0;
}

/* The index of the name a key says, or -1; a key with escapes is decoded once. */
static int field_index(const char *key, size_t length, const char *const *names, int count) {
    char buf[64];
    if (memchr(key, '\\', length)) {
        long decoded = json_unescape(key, length, buf, sizeof buf);
        if (decoded < 0) return -1;
        key = buf;
        length = (size_t) decoded;
    }
    for (int i = 0; i < count; i++) {
        if (length > 0 && names[i][0] == key[0] && strlen(names[i]) == length && memcmp(names[i], key, length) == 0) return i;
    }
    return -1;
}

static int finite_number(const value *v) {
    return v->kind == K_NUMBER && isfinite(v->number);
}

/* Java's isBlank knows Unicode spaces: only text with a printable ASCII character is surely not blank. */
static int text(const value *v) {
    if (v->kind != K_STRING) return 0;
    for (size_t i = 0; i < v->length; i++) {
        char c = v->text[i];
        if (c != '\\') {
            if (c >= '!' && c <= '~') return 1;
            continue;
        }
        c = v->text[i + 1];
        if (c == 'u') {
            int cp = hex4(v->text + i + 2);
            if (cp >= '!' && cp <= '~') return 1;
            i += 5;
        } else {
            if (c == '"' || c == '\\' || c == '/') return 1;
            i += 1;
        }
    }
    return 0;
}

/* -0 may be a negative number too small for a double (-1e-400): Java would reject it. */
static int money(const value *v) {
    return finite_number(v) && (v->number > 0 || (v->number == 0 && !signbit(v->number)));
}

static int timestamp(const value *v) {
    return finite_number(v) && v->number > -1e15 && v->number < 1e15;
}

static int quantity(const value *v) {
    return finite_number(v) && v->number >= 1 && v->number <= 2147483647 && v->number == floor(v->number);
}

static int string_kind(const value *v) {
    return v->kind == K_STRING;
}

/* The members of an object or the elements of an array; fields gets the ones role names. */
static int parse_container(parser *p, int object, value *fields, enum role role) {
    char close = object ? '}' : ']';
    if (++p->depth > MAX_DEPTH) return 0;
    p->at++;
    skip_space(p);
    if (p->at < p->end && *p->at == close) {
        p->at++;
        p->depth--;
        return 1;
    }
    for (;;) {
        int slot = -1;
        if (object) {
            const char *key;
            size_t key_length;
            skip_space(p);
            if (p->at >= p->end || *p->at != '"' || !parse_string(p, &key, &key_length)) return 0;
            skip_space(p);
            if (p->at >= p->end || *p->at != ':') return 0;
            p->at++;
            if (role == R_EVENT) slot = field_index(key, key_length, EVENT_FIELDS, EVENT_FIELD_COUNT);
            else if (role == R_ITEM) slot = field_index(key, key_length, ITEM_FIELDS, ITEM_FIELD_COUNT);
            else if (role == R_METADATA) slot = says(key, key_length, "ttl", 3) ? 0 : -1;
        }
        enum role child = R_OTHER;
        if (role == R_EVENT && slot == F_ITEMS) child = R_ITEMS;
        else if (role == R_EVENT && slot == F_METADATA) child = R_METADATA;
        else if (role == R_ITEMS) child = R_ITEM;
        value member;
        /* A repeated key: the last one counts, as in cjson. */
        value *into = slot >= 0 && (role == R_EVENT || role == R_ITEM) ? &fields[slot] : &member;
        p->valued = into != &member;
        if (!parse_value(p, into, child)) return 0;
        if (role == R_METADATA && slot == 0) p->ttl_set = member.kind != K_NULL;
        if (role == R_ITEMS && member.kind != K_OBJECT) p->items_valid = 0;
        skip_space(p);
        if (p->at >= p->end) return 0;
        if (*p->at == ',') {
            p->at++;
            continue;
        }
        if (*p->at == close) {
            p->at++;
            p->depth--;
            return 1;
        }
        return 0;
    }
}

static int parse_item(parser *p) {
    value item[ITEM_FIELD_COUNT];
    for (int i = 0; i < ITEM_FIELD_COUNT; i++) item[i].kind = K_ABSENT;
    if (!parse_container(p, 1, item, R_ITEM)) return 0;
    p->items_count++;
    if (!text(&item[I_PRODUCT_ID]) || !string_kind(&item[I_NAME]) || !money(&item[I_PRICE])
            || !quantity(&item[I_QUANTITY])) {
        p->items_valid = 0;
    }
    return 1;
}

static int parse_literal(parser *p, const char *word, size_t length, value *out, enum kind kind) {
    if ((size_t) (p->end - p->at) < length || memcmp(p->at, word, length) != 0) return 0;
    p->at += length;
    out->kind = kind;
    return 1;
}

static int parse_value(parser *p, value *out, enum role role) {
    skip_space(p);
    if (p->at >= p->end) return 0;
    switch (*p->at) {
    case '{':
        out->kind = K_OBJECT;
        if (role == R_ITEM) return parse_item(p);
        if (role == R_METADATA) {
            p->ttl_set = 0;
            return parse_container(p, 1, NULL, R_METADATA);
        }
        return parse_container(p, 1, NULL, R_OTHER);
    case '[':
        out->kind = K_ARRAY;
        if (role == R_ITEMS) {
            p->items_valid = 1;
            p->items_count = 0;
            return parse_container(p, 0, NULL, R_ITEMS);
        }
        return parse_container(p, 0, NULL, R_OTHER);
    case '"':
        out->kind = K_STRING;
        return parse_string(p, &out->text, &out->length);
    case 't':
        return parse_literal(p, "true", 4, out, K_BOOL);
    case 'f':
        return parse_literal(p, "false", 5, out, K_BOOL);
    case 'n':
        return parse_literal(p, "null", 4, out, K_NULL);
    default:
        out->kind = K_NUMBER;
        return parse_number(p, &out->number);
    }
}

int event_check(const char *data, size_t length, const char **event_id, size_t *event_id_length) {
    parser p = {data, data + length, 0, 0, 0, 0, 0};
    value f[EVENT_FIELD_COUNT];
    for (int i = 0; i < EVENT_FIELD_COUNT; i++) f[i].kind = K_ABSENT;
    skip_space(&p);
    if (p.at >= p.end || *p.at != '{' || !parse_container(&p, 1, f, R_EVENT)) return -1;
    skip_space(&p);
    if (p.at != p.end || f[F_EVENT_TYPE].kind != K_STRING) return -1;
    int type = field_index(f[F_EVENT_TYPE].text, f[F_EVENT_TYPE].length, EVENT_TYPES, EVENT_TYPE_COUNT);
    if (type < 0 || !text(&f[F_EVENT_ID]) || !timestamp(&f[F_TIMESTAMP])) return -1;
    int valid;
    switch (type) {
    case 0: /* OrderCreatedEvent; an empty array is left to Java, as the script leaves it (cjson reads it as {}) */
        valid = text(&f[F_ORDER_ID]) && text(&f[F_USER_ID]) && money(&f[F_TOTAL]) && f[F_ITEMS].kind == K_ARRAY
                && p.items_count > 0 && p.items_valid;
        break;
    case 1: /* PaymentProcessedEvent */
        valid = text(&f[F_PAYMENT_ID]) && text(&f[F_ORDER_ID]) && money(&f[F_AMOUNT]) && string_kind(&f[F_STATUS])
                && (says(f[F_STATUS].text, f[F_STATUS].length, "succeeded", 9)
                        || says(f[F_STATUS].text, f[F_STATUS].length, "failed", 6));
        break;
    default: /* OrderShippedEvent */
        valid = text(&f[F_ORDER_ID]) && text(&f[F_TRACKING_NUMBER]) && text(&f[F_CARRIER]);
        break;
    }
    /* Expiry is decided in Java. */
    if (!valid || (f[F_METADATA].kind == K_OBJECT && p.ttl_set)) return -1;
    *event_id = f[F_EVENT_ID].text;
    *event_id_length = f[F_EVENT_ID].length;
    return type;
}
