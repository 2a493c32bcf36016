package io.orderflow.bus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.bus.distributor.Distributor;
import io.orderflow.bus.distributor.NewEntryRouter;
import io.orderflow.bus.distributor.RoutedBatch;
import io.orderflow.bus.queue.StreamEntry;
import io.orderflow.eventmodel.json.EventCodec;
import io.orderflow.harness.redis.TestRedis;
import io.orderflow.harness.redis.TestRedisSource;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.mutiny.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The distributor's scenarios on a Redis with Orderflow's module loaded, where
 * {@code ORDERFLOW.ROUTE} routes new entries; and the module held to the script's decisions.
 */
class DistributorOnRedisModuleTest extends DistributorScenarios {

    static final TestRedis REDIS = TestRedisSource.startWithOrderflowModule();

    @RegisterExtension
    static final QuarkusUnitTest APP = app(REDIS, "distributor-module-test");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Test
    void withTheModuleLoadedTheBacklogIsRoutedByItsCommandNotTheScript() {
        publisher.publish(TestEvents.created("order-1"));
        publisher.publish(TestEvents.paid("order-1"));
        publisher.publish(TestEvents.shipped("order-1"));
        redis.execute("CONFIG", "RESETSTAT");
        Distributor distributor = distributor("d1", Duration.ofSeconds(30));

        distributor.distributeOnce();

        assertThat(distributor.routedByModule()).isEqualTo(Optional.of(true));
        assertThat(commandCalls()).containsKey("orderflow.route").doesNotContainKeys("evalsha", "eval");
        assertThat(eventIds("sub:a")).hasSize(2);
        assertThat(eventIds("sub:b")).hasSize(2);
    }

    @Test
    void turnedOffTheScriptRoutesEvenThoughTheModuleIsLoaded() {
        publisher.publish(TestEvents.shipped("order-1"));
        redis.execute("CONFIG", "RESETSTAT");
        NewEntryRouter router = new NewEntryRouter(queues, false, Clock.systemUTC());

        router.route("d1", 100, false);

        assertThat(router.lastUsedModule()).isEqualTo(Optional.of(false));
        assertThat(commandCalls()).doesNotContainKey("orderflow.route");
        assertThat(eventIds("sub:b")).hasSize(1);
    }

    @Test
    void theModuleRoutesAndLeavesExactlyTheEntriesTheScriptDoes() {
        Map<String, String> entries = new LinkedHashMap<>();
        edgeCases().forEach((data, why) -> entries.put(xadd("data", data), why + "\n" + data));

        Decisions module = decide(new NewEntryRouter(queues, true, Clock.systemUTC()));
        rewindCentralGroup();
        Decisions script = decide(new NewEntryRouter(queues, false, Clock.systemUTC()));

        List<String> stricter = new ArrayList<>();
        List<String> stricterData = new ArrayList<>();
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            boolean moduleLeft = module.left().contains(entry.getKey());
            boolean scriptLeft = script.left().contains(entry.getKey());
            if (moduleLeft && !scriptLeft) {
                // Where cjson takes JSON that Jackson refuses, the module sides with Java: the Java
                // path dead-letters what the script would have routed.
                String data = entry.getValue().split("\n", 2)[1];
                assertThat(javaRefuses(data)).as("left by the module only, so Java must refuse it: " + entry.getValue()).isTrue();
                stricter.add(entry.getValue().split("\n", 2)[0]);
                stricterData.add(data);
            } else {
                assertThat(moduleLeft).as(entry.getValue()).isEqualTo(scriptLeft);
            }
        }
        assertThat(stricter).as("JSON that cjson takes and Jackson refuses")
                .containsExactlyInAnyOrder("raw control character in a string", "number without fraction digits");
        script.copies().values().forEach(copies -> copies.removeAll(stricterData));
        assertThat(module.copies()).as("the same copies, in the same order").isEqualTo(script.copies());
        assertThat(script.left()).as("the cases include entries left to Java").isNotEmpty();
        assertThat(script.left()).as("and entries routed in Redis").hasSizeLessThan(entries.size());
    }

    private static boolean javaRefuses(String data) {
        try {
            EventCodec.INSTANCE.decode(data);
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** What one router did with the whole central stream: the entries it left, and the copies each queue got. */
    private record Decisions(List<String> left, Map<String, List<String>> copies) {
    }

    private Decisions decide(NewEntryRouter router) {
        RoutedBatch batch = router.route("d1", 1_000, false);
        Map<String, List<String>> copies = new LinkedHashMap<>();
        for (String queue : List.of("sub:a", "sub:b")) {
            List<String> data = new ArrayList<>();
            for (Response entry : redis.execute("XRANGE", "events:" + queue, "-", "+")) {
                data.add(entry.get(1).get(1).toString());
            }
            copies.put(queue, data);
        }
        return new Decisions(batch.left().stream().map(StreamEntry::id).toList(), copies);
    }

    /** Makes every central entry new to the group again, with nothing pending, and empties the subscriber queues. */
    private void rewindCentralGroup() {
        redis.execute("XGROUP", "DESTROY", "events:all", "all-group");
        redis.execute("XGROUP", "CREATE", "events:all", "all-group", "0");
        for (String queue : List.of("sub:a", "sub:b")) {
            redis.execute("XTRIM", "events:" + queue, "MAXLEN", "0");
        }
    }

    /** Entries where a hand-written JSON reader could part ways with cjson and the script's rules. */
    private static Map<String, String> edgeCases() {
        String shipped = "\"event_id\": \"e1\", \"timestamp\": 1795446637.1776016, \"event_type\": \"OrderShippedEvent\", "
                + "\"order_id\": \"o\", \"tracking_number\": \"T1\", \"carrier\": ";
        String created = "\"event_id\": \"e2\", \"timestamp\": 1795446637.5, \"event_type\": \"OrderCreatedEvent\", "
                + "\"order_id\": \"o\", \"user_id\": \"u\", ";
        String item = "{\"product_id\": \"p\", \"name\": \"n\", \"price\": 1.5, \"quantity\": %s}";
        String paid = "\"event_id\": \"e3\", \"timestamp\": 1.5, \"event_type\": \"PaymentProcessedEvent\", "
                + "\"payment_id\": \"p\", \"order_id\": \"o\", \"amount\": %s, \"status\": %s";
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{" + shipped + "\"UPS\"}", "valid");
        cases.put("  {" + shipped + "\"UPS\"}\n", "valid, white space around");
        cases.put("{" + shipped + "\"UPS\"} x", "text after the object");
        cases.put("{" + shipped + "\"UPS\"", "cut short");
        cases.put("{" + shipped + "\"UPS\",}", "trailing comma");
        cases.put("{" + shipped.replace("\"event_type\"", "\"event\\u005ftype\"") + "\"UPS\"}", "escaped key");
        cases.put("{" + shipped.replace("\"OrderShippedEvent\"", "\"Order\\u0053hippedEvent\"") + "\"UPS\"}", "escaped type");
        cases.put("{" + shipped + "\"\\u00a0\"}", "carrier of a Unicode space");
        cases.put("{" + shipped + "\"\\u0041\"}", "carrier of an escaped letter");
        cases.put("{" + shipped + "\"\\t\\n\"}", "carrier of escaped controls");
        cases.put("{" + shipped + "\"\\/\"}", "carrier of an escaped slash");
        cases.put("{" + shipped + "\"a\tb\"}", "raw control character in a string");
        cases.put("{" + shipped + "\"\\x41\"}", "unknown escape");
        cases.put("{" + shipped + "\"\\ud800\"}", "lone surrogate");
        cases.put("{" + shipped + "\"Über\"}", "UTF-8 text");
        cases.put("{" + shipped + "\"   \", \"carrier\": \"UPS\"}", "repeated key, the last valid");
        cases.put("{" + shipped + "\"UPS\", \"carrier\": \"\"}", "repeated key, the last blank");
        cases.put("{" + shipped + "\"UPS\", \"x\": " + "[".repeat(40) + "]".repeat(40) + "}", "deep nesting");
        cases.put("{" + shipped + "\"UPS\", \"x\": " + "[".repeat(999) + "]".repeat(999) + "}", "nesting at cjson's limit");
        cases.put("{" + shipped + "\"UPS\", \"x\": " + "[".repeat(1000) + "]".repeat(1000) + "}", "nesting past cjson's limit");
        cases.put("{" + shipped + "\"UPS\", \"x\": [1, {\"a\": [true, false, null]}, -2.5e-3]}", "other fields of every kind");
        cases.put("{" + shipped + "\"UPS\", \"x\": tru}", "broken literal");
        cases.put("{" + shipped + "\"UPS\", \"x\": 1.}", "number without fraction digits");
        cases.put("{" + shipped + "\"UPS\", \"x\": -}", "lone minus");
        cases.put("{" + shipped + "\"UPS\", \"x\": 1e}", "exponent without digits");
        cases.put("{" + shipped.replace("1795446637.1776016", "999999999999999.99999") + "\"UPS\"}", "timestamp rounding to 1e15");
        cases.put("{" + shipped.replace("1795446637.1776016", "99999999999999.9") + "\"UPS\"}", "timestamp under 1e15");
        cases.put("{" + shipped.replace("1795446637.1776016", "-1e15") + "\"UPS\"}", "timestamp -1e15");
        cases.put("{" + shipped.replace("1795446637.1776016", "\"1795446637\"") + "\"UPS\"}", "timestamp as text");
        cases.put("{" + shipped.replace("1795446637.1776016", "17954466371776016123456789e-16") + "\"UPS\"}", "long digits");
        for (String quantity : List.of("1", "1.0", "1e0", "10E-1", "2147483647", "2147483648", "0", "-1", "1.5",
                "1.00000000000000000001", "\"1\"")) {
            cases.put("{" + created + "\"total\": 1, \"items\": [" + item.formatted(quantity) + "]}", "quantity " + quantity);
        }
        for (String total : List.of("0", "0.0", "-0", "-0.0", "1e400", "-1e-400", "1e-400", "25.979999999999997", "0.1e1")) {
            cases.put("{" + created + "\"total\": " + total + ", \"items\": [" + item.formatted("1") + "]}", "total " + total);
        }
        cases.put("{" + created + "\"total\": 1, \"items\": []}", "no items");
        cases.put("{" + created + "\"total\": 1, \"items\": {}}", "items an object");
        cases.put("{" + created + "\"total\": 1, \"items\": [" + item.formatted("1") + ", 7]}", "an item that is a number");
        cases.put("{" + created + "\"total\": 1, \"items\": [" + item.formatted("1") + ", []]}", "an item that is an array");
        cases.put("{" + created + "\"total\": 1, \"items\": [{\"product_id\": \"p\", \"name\": 5, \"price\": 1, \"quantity\": 1}]}",
                "an item's name a number");
        cases.put("{" + created + "\"total\": 1, \"items\": [{\"product_id\": \"p\", \"name\": \"\", \"price\": 1, \"quantity\": 1}]}",
                "an item's name empty");
        cases.put("{" + created + "\"total\": 1, \"items\": [" + item.formatted("1") + "], \"items\": 3}", "repeated items, the last a number");
        cases.put("{" + created + "\"total\": 1, \"items\": 3, \"items\": [" + item.formatted("1") + "]}", "repeated items, the last valid");
        cases.put("{" + created + "\"total\": 1, \"items\": [" + item.formatted("1") + "], \"_metadata\": {\"ttl\": null}}", "ttl null");
        cases.put("{" + created + "\"total\": 1, \"items\": [" + item.formatted("1") + "], \"_metadata\": {\"ttl\": 0}}", "ttl 0");
        cases.put("{" + created + "\"total\": 1, \"items\": [" + item.formatted("1") + "], \"_metadata\": [1]}", "metadata an array");
        cases.put("{" + created + "\"total\": 1, \"items\": [" + item.formatted("1") + "], \"_metadata\": {\"ttl\": 5}, \"_metadata\": {}}",
                "repeated metadata, the last without ttl");
        cases.put("{" + created + "\"total\": 1, \"items\": [" + item.formatted("1") + "], \"x\": {\"_metadata\": {\"ttl\": 5}}}",
                "a ttl deeper down");
        cases.put("{" + paid.formatted("1", "\"succ\\u0065eded\"") + "}", "escaped status");
        cases.put("{" + paid.formatted("1", "\"failed\"") + "}", "failed payment");
        cases.put("{" + paid.formatted("1", "\"Failed\"") + "}", "status in other case");
        cases.put("{" + paid.formatted("0x1", "\"failed\"") + "}", "hexadecimal amount");
        cases.put("{" + paid.formatted("Infinity", "\"failed\"") + "}", "infinite amount");
        cases.put("{\"event_id\": \"\", \"timestamp\": 1, \"event_type\": \"OrderShippedEvent\", \"order_id\": \"o\", "
                + "\"tracking_number\": \"T\", \"carrier\": \"C\"}", "blank event_id");
        return cases;
    }
}
