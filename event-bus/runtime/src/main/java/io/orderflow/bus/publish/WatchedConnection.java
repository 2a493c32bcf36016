package io.orderflow.bus.publish;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.runtime.datasource.BlockingRedisDataSourceImpl;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.List;

/**
 * One pooled connection for a check-then-act, in two round trips fewer than awaiting each step:
 * the WATCH goes out ahead of the read without waiting for its reply (Redis answers one
 * connection's commands in order, so the read is watched), and MULTI, the staged commands and
 * EXEC leave in one write. The read runs on Quarkus's blocking data source bound to this
 * connection; that takes its implementation class, because the API does not hand out the
 * connection a bound data source uses.
 */
final class WatchedConnection implements AutoCloseable {

    private final RedisConnection connection;
    private final RedisDataSource bound;
    private final Uni<Response> watch;
    private final Duration timeout;
    private boolean executed;

    private WatchedConnection(Vertx vertx, Redis client, RedisConnection connection, Duration timeout, String... keys) {
        this.connection = connection;
        this.timeout = timeout;
        this.bound = new BlockingRedisDataSourceImpl(vertx, client, connection, timeout);
        if (keys.length == 0) {
            this.watch = Uni.createFrom().nullItem();
        } else {
            Request watchRequest = Request.cmd(Command.WATCH);
            for (String key : keys) {
                watchRequest.arg(key);
            }
            // Sent now; its reply is kept for exec() to check.
            this.watch = connection.send(watchRequest).memoize().indefinitely();
            this.watch.subscribe().with(reply -> { }, failure -> { });
        }
    }

    /** Takes a connection from {@code redis}'s pool and watches {@code keys} on it. */
    static WatchedConnection open(Vertx vertx, RedisDataSource redis, Duration timeout, String... keys) {
        Redis client = redis.getReactive().getRedis();
        RedisConnection connection = client.connect().await().atMost(timeout);
        try {
            return new WatchedConnection(vertx, client, connection, timeout, keys);
        } catch (RuntimeException e) {
            connection.closeAndForget();
            throw e;
        }
    }

    /** The data source the read uses: every command on the watched connection. */
    RedisDataSource dataSource() {
        return bound;
    }

    /**
     * MULTI, {@code commands} and EXEC in one batch, once the WATCH was accepted. Returns EXEC's
     * reply: null when a watched key changed. A command Redis refuses aborts the whole transaction.
     */
    Response exec(List<String[]> commands) {
        watch.await().atMost(timeout);
        List<Response> replies = connection.batch(TransactionPipeline.requests(commands)).await().atMost(timeout);
        executed = true;
        return replies.get(replies.size() - 1);
    }

    /**
     * Back to the pool. A WATCH left on the connection (the read or the write failed before EXEC)
     * would discard someone else's transaction: released first.
     */
    @Override
    public void close() {
        try {
            if (!executed) {
                connection.send(Request.cmd(Command.UNWATCH)).await().atMost(timeout);
            }
        } catch (RuntimeException e) {
            // The read or write failed first; that failure is the one to report.
        } finally {
            connection.closeAndForget();
        }
    }
}
