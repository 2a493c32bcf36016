package io.orderflow.systemtests.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.harness.redis.RespConnection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The events every service published, as {@code events:all} holds them. Distributed entries are
 * acknowledged, not deleted (only trimming past the stream's maximum length removes them), so
 * the stream is the record of what was published: a duplicate payment or shipment shows here
 * even where a service's own store would hide it.
 */
public final class CentralStream {

    private static final String STREAM = "events:all";
    private static final int PAGE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CentralStream() {
    }

    /** How many events of the type were published for each order id. */
    public static Map<String, Integer> publishedPerOrder(RespConnection redis, String eventType) {
        Map<String, Integer> perOrder = new HashMap<>();
        String from = "-";
        while (true) {
            List<Object> entries = redis.callForList("XRANGE", STREAM, from, "+", "COUNT", String.valueOf(PAGE));
            for (Object entry : entries) {
                List<?> idAndFields = (List<?>) entry;
                JsonNode event = data((List<?>) idAndFields.get(1));
                if (event != null && eventType.equals(event.path("event_type").asText())) {
                    perOrder.merge(event.path("order_id").asText(), 1, Integer::sum);
                }
            }
            if (entries.size() < PAGE) {
                return perOrder;
            }
            from = "(" + ((List<?>) entries.get(entries.size() - 1)).get(0);
        }
    }

    private static JsonNode data(List<?> fields) {
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            if ("data".equals(fields.get(i))) {
                try {
                    return JSON.readTree((String) fields.get(i + 1));
                } catch (JsonProcessingException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
