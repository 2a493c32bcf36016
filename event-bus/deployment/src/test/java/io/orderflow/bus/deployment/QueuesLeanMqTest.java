package io.orderflow.bus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.bus.queue.Failure;
import io.orderflow.bus.queue.OutgoingMessage;
import io.orderflow.bus.queue.QueueInfo;
import io.orderflow.bus.queue.QueueMessage;
import io.orderflow.bus.queue.Queues;
import io.orderflow.eventmodel.json.EventCodec;
import io.orderflow.harness.redis.TestRedis;
import io.orderflow.harness.redis.TestRedisSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each LeanMQ operation, checked against what the Python reference wrote (prefix {@code mq:},
 * queue {@code orders}, as in the reference's probe).
 */
class QueuesLeanMqTest {

    static final TestRedis REDIS = TestRedisSource.start();

    @RegisterExtension
    static final QuarkusUnitTest APP = BusTestApps.app(REDIS, "probe-service")
            .overrideConfigKey("orderflow.bus.key-prefix", "mq:")
            .overrideConfigKey("orderflow.bus.distributor.enabled", "false");

    @Inject
    Queues queues;

    @Inject
    RedisDataSource redis;

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @BeforeEach
    void freshQueue() {
        queues.deleteQueue("orders");
        queues.createQueuePair("orders");
    }

    @Test
    void createQueuePairWritesTheReferenceLayout() {
        JsonNode expected = LeanMqProbe.get("create_queue_pair");

        Map<String, String> metadata = hash("mq:orders:metadata");
        Map<String, String> dlqMetadata = hash("mq:orders:dlq:metadata");
        assertThat(metadata.keySet()).containsExactlyInAnyOrder("created_at", "dlq", "consumer_group");
        assertThat(metadata).containsEntry("dlq", expected.get("metadata").get("dlq").asText())
                .containsEntry("consumer_group", expected.get("metadata").get("consumer_group").asText());
        assertThat(metadata.get("created_at")).matches("\\d{10}\\.\\d+");
        assertThat(dlqMetadata.keySet()).containsExactlyInAnyOrder("created_at", "main_queue", "consumer_group", "is_dlq");
        assertThat(dlqMetadata).containsEntry("main_queue", "mq:orders").containsEntry("consumer_group", "orders-group-dlq")
                .containsEntry("is_dlq", "true");
        assertThat(members("mq:registry")).contains("mq:orders", "mq:orders:dlq");
        assertThat(groupNames("mq:orders")).containsExactly("orders-group");
        assertThat(groupNames("mq:orders:dlq")).containsExactly("orders-group-dlq");
    }

    @Test
    void createQueuePairIsIdempotentAndKeepsCreatedAt() {
        String createdAt = hash("mq:orders:metadata").get("created_at");

        queues.createQueuePair("orders");

        assertThat(hash("mq:orders:metadata").get("created_at")).isEqualTo(createdAt);
        assertThat(groupNames("mq:orders")).containsExactly("orders-group");
    }

    @Test
    void aReadAllowedToBlockLessThanAMillisecondReturnsFromAnEmptyQueueInsteadOfWaitingForEver() {
        // BLOCK 0 is Redis's "for ever": 300 µs must not round down to it. The bound is the
        // test's patience, far above a millisecond; the old read hung until the reply timeout.
        List<QueueMessage> read = queues.readAsync("orders", "c1", 10, Duration.ofNanos(300_000))
                .await().atMost(Duration.ofSeconds(3));

        assertThat(read).isEmpty();
    }

    @Test
    void readsWhatTheReferenceWroteAsTheReferenceReturnsIt() {
        List<String> ids = new ArrayList<>();
        for (JsonNode entry : LeanMqProbe.get("sent_entries")) {
            ids.add(redis.execute("XADD", "mq:orders", "*", "data", entry.get("data").asText()).toString());
        }
        // The reference's 2nd entry has ttl=60 from its own clock, long past: it is expired now and
        // must not be delivered. The rest come back as LeanMQ's get_messages returned them.
        List<QueueMessage> read = queues.read("orders", "c1", 10, null);

        JsonNode expected = LeanMqProbe.get("get_messages_result");
        assertThat(read).extracting(QueueMessage::id).containsExactly(ids.get(0), ids.get(2), ids.get(3));
        for (int i = 0, e = 0; i < read.size(); i++, e++) {
            if (e == 1) {
                e++;
            }
            assertThat(read.get(i).payload()).isEqualTo(expected.get(e).get("data"));
            assertThat(read.get(i).writtenAt()).isPresent();
            assertThat(read.get(i).deliveryCount()).isEqualTo(1);
        }
        assertThat(read.get(1).metadataId()).contains("my-explicit-id");
        assertThat(redis.execute("XRANGE", "mq:orders", ids.get(1), ids.get(1)).size())
                .as("the expired entry was removed").isZero();
    }

    @Test
    void sendWritesOneDataFieldWithMetadataLastAsLeanMqReadsIt() {
        ObjectNode payload = object().put("order_id", 1).put("text", "plain \u00e9");

        String id = queues.send("orders", payload, Duration.ofSeconds(60));

        Response entry = redis.execute("XRANGE", "mq:orders", id, id).get(0);
        assertThat(entry.get(1).size()).as("exactly one field").isEqualTo(2);
        assertThat(entry.get(1).get(0).toString()).isEqualTo("data");
        ObjectNode data = EventCodec.INSTANCE.parse(entry.get(1).get(1).toString());
        assertThat(fieldNames(data)).containsExactly("order_id", "text", "_metadata");
        assertThat(fieldNames((ObjectNode) data.get("_metadata"))).containsExactly("id", "timestamp", "ttl");
        assertThat(data.get("_metadata").get("id").asText()).matches("[0-9a-f-]{36}");
        assertThat(data.get("_metadata").get("ttl").asInt()).isEqualTo(60);
        double score = redis.execute("ZSCORE", "mq:orders:expiry", id).toDouble();
        assertThat(score - data.get("_metadata").get("timestamp").asDouble()).isBetween(59.9, 60.1);
    }

    @Test
    void sendAllIsAtomicAndAttachesEachTtlToItsOwnMessage() {
        List<String> ids = queues.sendAll(List.of(
                OutgoingMessage.of("orders", object().put("tx", 1)).withTtl(Duration.ofSeconds(30)),
                OutgoingMessage.of("orders", object().put("tx", 2))));

        assertThat(ids).hasSize(2);
        Response expiry = redis.execute("ZRANGE", "mq:orders:expiry", "0", "-1");
        assertThat(expiry.size()).isEqualTo(1);
        assertThat(expiry.get(0).toString()).as("LeanMQ defect 4 names the last message").isEqualTo(ids.get(0));
    }

    @Test
    void ackRemovesFromPendingAndDeleteRemovesTheEntryAndItsExpiry() {
        String kept = queues.send("orders", object().put("n", 1));
        String deleted = queues.send("orders", object().put("n", 2), Duration.ofSeconds(100));
        queues.read("orders", "c1", 10, null);

        assertThat(queues.ack("orders", kept)).isEqualTo(1);
        assertThat(queues.delete("orders", deleted)).isEqualTo(1);

        assertThat(redis.execute("XLEN", "mq:orders").toLong()).isEqualTo(1);
        assertThat(redis.execute("XPENDING", "mq:orders", "orders-group").get(0).toLong()).isZero();
        assertThat(redis.execute("ZCARD", "mq:orders:expiry").toLong()).isZero();
    }

    @Test
    void moveToDlqKeepsTheIdAppendsTheFailureAndRemovesTheOriginal() {
        JsonNode reference = LeanMqProbe.get("dlq_entry");
        String id = queues.send("orders", object().put("order_id", 2), Duration.ofSeconds(60));
        QueueMessage message = queues.read("orders", "c1", 10, null).get(0);

        String dlqId = queues.moveToDlq(message, Failure.of("probe failure reason"), "c1").orElseThrow();

        ObjectNode ours = EventCodec.INSTANCE.parse(redis.execute("XRANGE", "mq:orders:dlq", dlqId, dlqId)
                .get(0).get(1).get(1).toString());
        ObjectNode theirs = EventCodec.INSTANCE.parse(reference.get("data").asText());
        assertThat(fieldNames(ours)).containsExactlyElementsOf(fieldNames(theirs));
        assertThat(ours.get("_metadata").get("id").asText()).isEqualTo(message.metadataId().orElseThrow());
        assertThat(ours.get("_metadata").get("ttl").isNull()).isTrue();
        assertThat(ours.get("_failures").get(0).get("reason").asText()).isEqualTo("probe failure reason");
        assertThat(fieldNames((ObjectNode) ours.get("_failures").get(0))).startsWith("timestamp", "reason");
        assertThat(redis.execute("XRANGE", "mq:orders", id, id).size()).as("original removed").isZero();
        assertThat(redis.execute("XPENDING", "mq:orders", "orders-group").get(0).toLong()).isZero();
    }

    @Test
    void moveToDlqSkipsAnEntryAnotherConsumerHasClaimed() {
        queues.send("orders", object().put("n", 1));
        QueueMessage message = queues.read("orders", "slow", 10, null).get(0);
        redis.execute("XCLAIM", "mq:orders", "orders-group", "fast", "0", message.id());

        assertThat(queues.moveToDlq(message, Failure.of("late"), "slow")).isEmpty();
        assertThat(redis.execute("XLEN", "mq:orders:dlq").toLong()).isZero();
    }

    @Test
    void requeueAppendsRequeuesKeepsFailuresAndLeavesNothingPendingInTheDlq() {
        JsonNode reference = LeanMqProbe.get("requeued_entry");
        queues.send("orders", object().put("order_id", 2));
        QueueMessage message = queues.read("orders", "c1", 10, null).get(0);
        String dlqId = queues.moveToDlq(message, Failure.of("probe failure reason"), "c1").orElseThrow();
        redis.execute("XREADGROUP", "GROUP", "orders-group-dlq", "c1", "COUNT", "10", "STREAMS", "mq:orders:dlq", ">");

        String newId = queues.requeue("orders", dlqId).orElseThrow();

        ObjectNode ours = EventCodec.INSTANCE.parse(redis.execute("XRANGE", "mq:orders", newId, newId)
                .get(0).get(1).get(1).toString());
        ObjectNode theirs = EventCodec.INSTANCE.parse(reference.get("data").asText());
        assertThat(fieldNames(ours)).containsExactlyElementsOf(fieldNames(theirs));
        assertThat(ours.get("_requeues").get(0).get("from_dlq").asText()).isEqualTo("mq:orders:dlq");
        assertThat(ours.get("_requeues").get(0).get("to_queue").asText()).isEqualTo("mq:orders");
        assertThat(ours.get("_metadata").get("id").asText()).isEqualTo(message.metadataId().orElseThrow());
        assertThat(redis.execute("XLEN", "mq:orders:dlq").toLong()).isZero();
        assertThat(redis.execute("XPENDING", "mq:orders:dlq", "orders-group-dlq").get(0).toLong())
                .as("LeanMQ defect 6: no ghost pending entry").isZero();
        assertThat(queues.requeue("orders", dlqId)).as("a second requeue finds nothing").isEmpty();
    }

    @Test
    void readsADlqEntryTheReferenceWroteAndRequeuesIt() {
        String dlqId = redis.execute("XADD", "mq:orders:dlq", "*", "data", LeanMqProbe.get("dlq_entry").get("data").asText())
                .toString();

        assertThat(queues.dlqEntries("orders", "-", 10)).extracting(QueueMessage::id).containsExactly(dlqId);
        assertThat(queues.requeueAll("orders")).isEqualTo(1);

        QueueMessage requeued = queues.read("orders", "c1", 10, null).get(0);
        assertThat(requeued.payload().get("order_id").asInt()).isEqualTo(2);
        assertThat(requeued.payload().get("_failures").get(0).get("reason").asText()).isEqualTo("probe failure reason");
        assertThat(requeued.metadataId()).contains("89a4250a-7a87-4634-b7e4-8c5ba252384e");
    }

    @Test
    void listQueuesGivesLengthPendingAndDlqDepth() {
        queues.send("orders", object().put("n", 1));
        queues.send("orders", object().put("n", 2));
        queues.send("orders", object().put("n", 3));
        List<QueueMessage> read = queues.read("orders", "c1", 2, null);
        queues.moveToDlq(read.get(0), Failure.of("bad"), "c1");

        Map<String, QueueInfo> byName = new HashMap<>();
        queues.listQueues().forEach(q -> byName.put(q.name(), q));

        assertThat(byName.get("mq:orders")).satisfies(q -> {
            assertThat(q.isDlq()).isFalse();
            assertThat(q.messageCount()).isEqualTo(2);
            assertThat(q.pendingMessages()).isEqualTo(1);
            assertThat(q.lag()).isEqualTo(1);
            assertThat(q.consumerGroup()).isEqualTo("orders-group");
            assertThat(q.createdAt()).isPositive();
        });
        assertThat(byName.get("mq:orders:dlq")).satisfies(q -> {
            assertThat(q.isDlq()).isTrue();
            assertThat(q.messageCount()).isEqualTo(1);
            assertThat(q.consumerGroup()).isEqualTo("orders-group-dlq");
        });
    }

    @Test
    void anExpiredEntryIsNeverDeliveredAndIsCleanedUp() throws InterruptedException {
        String shortLived = queues.send("orders", object().put("short", "lived"), Duration.ofSeconds(1));
        String unread = queues.send("orders", object().put("also", "short"), Duration.ofSeconds(1));
        String lasting = queues.send("orders", object().put("long", "lived"));
        Thread.sleep(2100);

        assertThat(queues.expireDue("orders")).as("expiry removes entries never read").isEqualTo(2);
        assertThat(queues.read("orders", "c1", 10, null)).extracting(QueueMessage::id).containsExactly(lasting);
        assertThat(redis.execute("XRANGE", "mq:orders", shortLived, unread).size()).isZero();
        assertThat(redis.execute("ZCARD", "mq:orders:expiry").toLong()).isZero();
    }

    @Test
    void anEntryThatExpiresWhileQueuedIsRemovedOnReadInsteadOfDelivered() throws InterruptedException {
        String expiring = queues.send("orders", object().put("n", 1), Duration.ofSeconds(1));
        Thread.sleep(2100);

        assertThat(queues.read("orders", "c1", 10, null)).isEmpty();
        assertThat(redis.execute("XRANGE", "mq:orders", expiring, expiring).size()).isZero();
        assertThat(redis.execute("XPENDING", "mq:orders", "orders-group").get(0).toLong()).isZero();
    }

    @Test
    void deleteQueueRemovesEveryKeyAndTheRegistryEntries() {
        queues.send("orders", object().put("n", 1), Duration.ofSeconds(10));

        queues.deleteQueue("orders");

        for (String key : List.of("mq:orders", "mq:orders:dlq", "mq:orders:metadata", "mq:orders:dlq:metadata",
                "mq:orders:expiry")) {
            assertThat(redis.execute("EXISTS", key).toLong()).as(key).isZero();
        }
        assertThat(members("mq:registry")).doesNotContain("mq:orders", "mq:orders:dlq");
    }

    @Test
    void trimmingNeverRemovesWhatAGroupHasNotAcknowledged() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(queues.send("orders", object().put("n", i)));
        }
        List<QueueMessage> read = queues.read("orders", "c1", 6, null);
        queues.ack("orders", read.subList(0, 4).stream().map(QueueMessage::id).toArray(String[]::new));

        long removed = queues.trimAcknowledged("mq:orders", 3);

        assertThat(removed).isEqualTo(4);
        Response left = redis.execute("XRANGE", "mq:orders", "-", "+");
        assertThat(left.size()).isEqualTo(6);
        assertThat(left.get(0).get(0).toString()).isEqualTo(ids.get(4));
    }

    @Test
    void trimmingALongStreamInStepsStillRemovesEveryAcknowledgedEntryAndNothingElse() {
        // More than several trimming steps' worth, so that the steps and the exact end both run.
        int count = 5 * 2_000 + 37;
        redis.execute("EVAL", "for i = 1, tonumber(ARGV[1]) do redis.call('XADD', KEYS[1], '*', 'data', '{\"n\":' .. i .. '}') end",
                "1", "mq:orders", String.valueOf(count));
        List<QueueMessage> read = queues.read("orders", "c1", count, null);
        int acknowledged = count - 11;
        queues.ack("orders", read.subList(0, acknowledged).stream().map(QueueMessage::id).toArray(String[]::new));

        redis.execute("CONFIG", "RESETSTAT");

        long removed = queues.trimAcknowledged("mq:orders", 3);

        assertThat(removed).isEqualTo(acknowledged);
        Response left = redis.execute("XRANGE", "mq:orders", "-", "+");
        assertThat(left.size()).isEqualTo(11);
        assertThat(left.get(0).get(0).toString()).isEqualTo(read.get(acknowledged).id());
        // About 10,000 entries at no more than 2,000 a call.
        assertThat(xtrimCalls()).isGreaterThanOrEqualTo(6);
    }

    private long xtrimCalls() {
        for (String line : redis.execute("INFO", "commandstats").toString().split("\\r?\\n")) {
            if (line.startsWith("cmdstat_xtrim:calls=")) {
                return Long.parseLong(line.substring("cmdstat_xtrim:calls=".length(), line.indexOf(',')));
            }
        }
        return 0;
    }

    private Map<String, String> hash(String key) {
        Map<String, String> hash = new java.util.LinkedHashMap<>();
        Response reply = redis.execute("HGETALL", key);
        if (!reply.getKeys().isEmpty()) {
            reply.getKeys().forEach(k -> hash.put(k, reply.get(k).toString()));
        } else {
            for (int i = 0; i + 1 < reply.size(); i += 2) {
                hash.put(reply.get(i).toString(), reply.get(i + 1).toString());
            }
        }
        return hash;
    }

    private List<String> members(String key) {
        List<String> members = new ArrayList<>();
        redis.execute("SMEMBERS", key).forEach(r -> members.add(r.toString()));
        return members;
    }

    private List<String> groupNames(String key) {
        List<String> names = new ArrayList<>();
        queues.groups(key).forEach(g -> names.add(g.get("name")));
        return names;
    }

    private static ObjectNode object() {
        return EventCodec.INSTANCE.mapper().createObjectNode();
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }
}
