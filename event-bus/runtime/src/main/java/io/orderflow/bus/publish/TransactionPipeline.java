package io.orderflow.bus.publish;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sends MULTI, the staged commands and EXEC pipelined: written together, answered together, so a
 * transaction costs one round trip and one wait of the calling thread instead of one per command
 * (Quarkus's blocking transactions await every QUEUED reply). Atomicity is Redis's, as before:
 * everything between MULTI and EXEC runs on one connection, all or nothing.
 */
final class TransactionPipeline {

    /** As long as Quarkus's blocking data source waits for a reply by default ({@code quarkus.redis.timeout}). */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private TransactionPipeline() {
    }

    /** On a pooled connection, in one batch. Returns EXEC's reply: null when a WATCH discarded it. */
    static Response onPool(RedisDataSource redis, List<String[]> commands) {
        List<Request> requests = new ArrayList<>(commands.size() + 2);
        requests.add(Request.cmd(Command.MULTI));
        for (String[] line : commands) {
            Request request = Request.cmd(Command.create(line[0]));
            for (int i = 1; i < line.length; i++) {
                request.arg(line[i]);
            }
            requests.add(request);
        }
        requests.add(Request.cmd(Command.EXEC));
        List<Response> replies = redis.getReactive().getRedis().batch(requests).await().atMost(TIMEOUT);
        return replies.get(replies.size() - 1);
    }

    /**
     * On the connection {@code connection} is bound to (the one holding the WATCH): every command is
     * sent before any reply is awaited, in order, so Redis receives MULTI ... EXEC back to back.
     */
    static Response onConnection(RedisDataSource connection, List<String[]> commands) {
        ReactiveRedisDataSource reactive = connection.getReactive();
        List<Uni<Response>> replies = new ArrayList<>(commands.size() + 2);
        replies.add(reactive.execute(Command.MULTI));
        for (String[] line : commands) {
            replies.add(reactive.execute(line[0], Arrays.copyOfRange(line, 1, line.length)));
        }
        replies.add(reactive.execute(Command.EXEC));
        // join().all subscribes in list order on this thread: the sends leave in that order.
        List<Response> all = Uni.join().all(replies).andCollectFailures().await().atMost(TIMEOUT);
        return all.get(all.size() - 1);
    }
}
