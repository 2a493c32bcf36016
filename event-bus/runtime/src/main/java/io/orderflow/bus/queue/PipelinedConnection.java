package io.orderflow.bus.queue;

import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One connection taken from the Redis client's pool and kept, on which the bus's non-blocking
 * commands are pipelined: any number in flight, answered in order.
 *
 * <p>Why not a pooled connection per command: each command then leaves in a write of its own (a
 * system call in the service and a read in Redis), and waits for a free connection when the pool
 * is busy. On one connection, what a service sends while Vert.x reads that connection's replies
 * (the next command of each handler a batch of replies resumes, their acknowledgements) is
 * written once the read is done, in one write, and Redis reads it in one read and answers it in
 * one write.
 *
 * <p>Not for blocking commands (a {@code BLOCK} read would hold up every command behind it) nor
 * for {@code WATCH} (it watches for the connection, not for the caller): those keep pooled
 * connections. A connection that fails, closes or leaves a command unanswered for the reply
 * timeout is dropped; the next command takes a connection from the pool again.
 *
 * <p>The write coalescing needs the replies and the commands they set off on one thread: it
 * holds where the application has one Vert.x event loop, as Orderflow's services do. With more,
 * commands from another event loop's thread are still pipelined, each in a write of its own.
 */
public final class PipelinedConnection {

    private static final Logger LOG = Logger.getLogger(PipelinedConnection.class);

    private final Supplier<Redis> client;
    private final Duration replyTimeout;
    private Uni<RedisConnection> current;

    /**
     * {@code client}: the Redis client whose pool lends the connection, looked up when the first
     * command is sent (not while the application starts). {@code replyTimeout}: how long a
     * command waits for its answer, as the blocking data source does.
     */
    public PipelinedConnection(Supplier<Redis> client, Duration replyTimeout) {
        this.client = client;
        this.replyTimeout = replyTimeout;
    }

    /** The command with its arguments, as a request to send. */
    public static Request request(String command, String... args) {
        Request request = Request.cmd(Command.create(command));
        for (String arg : args) {
            request.arg(arg);
        }
        return request;
    }

    /** Sends one command; fails after the reply timeout without an answer. */
    public Uni<Response> send(Request request) {
        return onConnection(c -> c.send(request));
    }

    /** Sends the requests together, in one write, and returns their replies in order. */
    public Uni<List<Response>> batch(List<Request> requests) {
        return onConnection(c -> c.batch(requests));
    }

    /**
     * Runs {@code call} on the connection of the moment it is subscribed (not built, so that a
     * retry or a late subscriber never uses a dropped one); fails after the reply timeout, and
     * then drops that connection.
     */
    private <T> Uni<T> onConnection(Function<RedisConnection, Uni<T>> call) {
        return Uni.createFrom().deferred(() -> {
            Uni<RedisConnection> connection = connection();
            return connection.<T>chain(c -> call.apply(c))
                    .ifNoItem().after(replyTimeout).fail()
                    .onFailure(TimeoutException.class).invoke(e -> drop(connection));
        });
    }

    /** Closes the connection, if one is open; the next command opens another. */
    public void close() {
        Uni<RedisConnection> connection;
        synchronized (this) {
            connection = current;
        }
        if (connection != null) {
            drop(connection);
        }
    }

    /** The connection commands go on now; taken from the pool by the first command after none or a drop. */
    private synchronized Uni<RedisConnection> connection() {
        if (current == null) {
            AtomicReference<Uni<RedisConnection>> self = new AtomicReference<>();
            Uni<RedisConnection> opening = client.get().connect()
                    .invoke(c -> {
                        c.exceptionHandler(e -> {
                            LOG.debugf("pipelined Redis connection failed: %s", e);
                            drop(self.get());
                        });
                        c.endHandler(() -> drop(self.get()));
                    })
                    .onFailure().invoke(e -> forget(self.get()))
                    .memoize().indefinitely();
            self.set(opening);
            current = opening;
        }
        return current;
    }

    /**
     * Forgets the connection, so that new commands take another, and gives it back to the pool
     * once everything sent on it is answered (a PING's reply comes after theirs) or it failed:
     * given back earlier, it could be lent to a caller whose {@code WATCH} or {@code MULTI} would
     * then have commands of ours ahead of or among its own. A connection that never answers again
     * stays out of the pool until its socket fails.
     */
    private void drop(Uni<RedisConnection> connection) {
        if (forget(connection)) {
            connection.subscribe().with(
                    c -> c.send(Request.cmd(Command.PING)).subscribe().with(pong -> c.closeAndForget(), e -> c.closeAndForget()),
                    e -> {
                    });
        }
    }

    private synchronized boolean forget(Uni<RedisConnection> connection) {
        if (current != connection) {
            return false;
        }
        current = null;
        return true;
    }
}
