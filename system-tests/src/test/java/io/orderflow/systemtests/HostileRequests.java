package io.orderflow.systemtests;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates malformed and oversized requests against one service's paths from a seed (so a
 * failure can be replayed): random JSON, deep nesting, huge numbers, wrong content types, long
 * strings, bytes that are not UTF-8, odd methods, paths and query parameters. None of them is a
 * valid order: a generated object never carries a usable {@code items}.
 */
final class HostileRequests {

    private static final String[] CONTENT_TYPES = {"text/plain", "application/xml", "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded", "application/json; charset=latin-9", "image/png", "*/*",
            "application/json;;;", "nonsense"};
    private static final String[] METHODS = {"GET", "PUT", "DELETE", "PATCH", "OPTIONS", "POST", "BREW"};
    private static final String[] KEYS = {"user_id", "items", "total", "price", "quantity", "status", "order_id", "a", "",
            "\u00e9\u00e8", "__proto__", "$where"};

    private final Random random;
    private final String collection;

    /** @param collection the service's collection path: {@code /orders}, {@code /payments} or {@code /shipments} */
    HostileRequests(long seed, String collection) {
        this.random = new Random(seed);
        this.collection = collection;
    }

    List<MalformedRequest> generate(int count) {
        List<MalformedRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(switch (i % 8) {
                case 0 -> post("random JSON #" + i, randomJson(0).getBytes(StandardCharsets.UTF_8), "application/json");
                case 1 -> post("deep nesting #" + i, deepNesting(), "application/json");
                case 2 -> post("huge numbers #" + i, hugeNumbers().getBytes(StandardCharsets.UTF_8), "application/json");
                case 3 -> post("wrong content type #" + i, "{\"user_id\": \"u\"}".getBytes(StandardCharsets.UTF_8),
                        CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)]);
                case 4 -> post("long strings #" + i, longStrings().getBytes(StandardCharsets.UTF_8), "application/json");
                case 5 -> post("not UTF-8 #" + i, notUtf8(), "application/json");
                case 6 -> oddCall("odd method or path #" + i);
                default -> oddQuery("odd query #" + i);
            });
        }
        return requests;
    }

    private MalformedRequest post(String description, byte[] body, String contentType) {
        return new MalformedRequest(description, "POST", collection, contentType, body, java.util.Map.of(), 400);
    }

    private String randomJson(int depth) {
        int kind = depth > 4 ? random.nextInt(5) : random.nextInt(7);
        return switch (kind) {
            case 0 -> String.valueOf(random.nextLong());
            case 1 -> random.nextBoolean() ? "true" : "null";
            case 2 -> "\"" + randomText(random.nextInt(40)) + "\"";
            case 3 -> String.valueOf(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            case 4 -> "-0.0e-0";
            case 5 -> {
                StringBuilder array = new StringBuilder("[");
                for (int n = random.nextInt(5); n > 0; n--) {
                    array.append(randomJson(depth + 1)).append(n > 1 ? "," : "");
                }
                yield array.append(']').toString();
            }
            default -> {
                StringBuilder object = new StringBuilder("{");
                for (int n = random.nextInt(5); n > 0; n--) {
                    String key = KEYS[random.nextInt(KEYS.length)];
                    // "items" only ever gets something that is not a list of valid items.
                    String value = key.equals("items") ? (random.nextBoolean() ? "[{}]" : "\"all of them\"") : randomJson(depth + 1);
                    object.append('"').append(key).append("\":").append(value).append(n > 1 ? "," : "");
                }
                yield object.append('}').toString();
            }
        };
    }

    private byte[] deepNesting() {
        int depth = 500 + random.nextInt(200_000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return (open.repeat(depth) + close.repeat(random.nextInt(2) == 0 ? depth : depth / 2)).getBytes(StandardCharsets.UTF_8);
    }

    private String hugeNumbers() {
        String[] huge = {"1e999999999", "-1e-999999999", "9".repeat(5000), "123456789012345678901234567890.123456789",
                "1" + "0".repeat(400), "NaN", "Infinity", "-Infinity", "0x1F", "1_000"};
        String number = huge[random.nextInt(huge.length)];
        return "{\"user_id\": \"u\", \"items\": [{\"product_id\": \"p\", \"name\": \"n\", \"price\": " + number
                + ", \"quantity\": " + huge[random.nextInt(huge.length)] + "}]}";
    }

    private String longStrings() {
        int length = random.nextBoolean() ? 70_000 + random.nextInt(200_000) : 300 + random.nextInt(5_000);
        String text = "x".repeat(length);
        return random.nextBoolean() ? "{\"user_id\": \"" + text + "\", \"items\": []}"
                : "{\"user_id\": \"u\", \"items\": [{\"product_id\": \"" + text + "\", \"name\": \"n\", \"price\": 1, \"quantity\": 1}]}";
    }

    private byte[] notUtf8() {
        byte[] prefix = "{\"user_id\": \"".getBytes(StandardCharsets.UTF_8);
        byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF},
                {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}};
        byte[] middle = bad[random.nextInt(bad.length)];
        byte[] suffix = "\", \"items\": [{\"product_id\": \"p\", \"name\": \"n\", \"price\": 1, \"quantity\": 1}]}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + middle.length + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(middle, 0, body, prefix.length, middle.length);
        System.arraycopy(suffix, 0, body, prefix.length + middle.length, suffix.length);
        return body;
    }

    private MalformedRequest oddCall(String description) {
        String method = METHODS[random.nextInt(METHODS.length)];
        String path = collection + "/" + encode(randomText(1 + random.nextInt(300)));
        byte[] body = method.equals("GET") || method.equals("OPTIONS") ? null : randomJson(0).getBytes(StandardCharsets.UTF_8);
        return new MalformedRequest(description, method, path, body == null ? null : "application/json", body, java.util.Map.of(), 400);
    }

    private MalformedRequest oddQuery(String description) {
        String[] names = {"limit", "cursor", "status", "user_id", "order_id", "limit", "cursor"};
        String[] values = {"-1", "0", "99999999999999", "abc", "1e3", "", "%", "\u0000", "shipped'--", "9".repeat(300)};
        String query = names[random.nextInt(names.length)] + "=" + encode(values[random.nextInt(values.length)]) + "&"
                + names[random.nextInt(names.length)] + "=" + encode(randomText(random.nextInt(50)));
        return new MalformedRequest(description, "GET", collection + "?" + query, null, null, java.util.Map.of(), 400);
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            text.append(kind < 6 ? (char) ('a' + random.nextInt(26)) : kind < 8 ? (char) (0x20 + random.nextInt(0x5F))
                    : Character.toChars(0xA0 + random.nextInt(0x2FFF))[0]);
        }
        return text.toString().replace("\"", "'").replace("\\", "/");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
