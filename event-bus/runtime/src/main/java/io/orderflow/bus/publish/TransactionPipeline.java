package io.orderflow.bus.publish;

import io.orderflow.bus.queue.PipelinedConnection;
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
 * everything between MULTI and EXEC runs on one connection, all or nothing, and a command Redis
 * refuses aborts the whole transaction.
 */
final class TransactionPipeline {

    private TransactionPipeline() {
    }

    /**
     * On a pooled connection, in one batch. Returns EXEC's reply: null when a WATCH discarded it.
     * {@code timeout} is how long the blocking data source waits for any reply
     * ({@code quarkus.redis.timeout}), so that a hung Redis fails a transaction as soon as it
     * fails any other call.
     */
    static Response onPool(RedisDataSource redis, List<String[]> commands, Duration timeout) {
        return onPoolAsync(redis, commands, timeout).await().indefinitely();
    }

    /**
     * {@link #onPool} without a waiting thread: the reply arrives on the connection's event loop,
     * and no reply within {@code timeout} fails it with Mutiny's TimeoutException, as a blocking
     * wait that ran out does.
     */
    static Uni<Response> onPoolAsync(RedisDataSource redis, List<String[]> commands, Duration timeout) {
        return redis.getReactive().getRedis().batch(requests(commands))
                .ifNoItem().after(timeout).fail()
                .map(replies -> replies.get(replies.size() - 1));
    }

    /** {@link #onPoolAsync} on the bus's shared, pipelined connection. */
    static Uni<Response> pipelinedAsync(PipelinedConnection connection, List<String[]> commands) {
        return connection.batch(requests(commands)).map(replies -> replies.get(replies.size() - 1));
    }

    /** MULTI, the commands and EXEC, as one batch. */
    static List<Request> requests(List<String[]> commands) {
        List<Request> requests = new ArrayList<>(commands.size() + 2);
        requests.add(Request.cmd(Command.MULTI));
        for (String[] line : commands) {
            requests.add(PipelinedConnection.request(line[0], Arrays.copyOfRange(line, 1, line.length)));
        }
        requests.add(Request.cmd(Command.EXEC));
        return requests;
    }
}
