package io.orderflow.bus.publish;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Sends MULTI, the staged commands and EXEC pipelined: written together, answered together, so a
 * transaction costs one round trip (two with a WATCH) and one wait of the calling thread instead of
 * one per command (Quarkus's blocking transactions await every QUEUED reply). Atomicity is Redis's, as before:
 * everything between MULTI and EXEC runs on one connection, all or nothing.
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
        List<Response> replies = redis.getReactive().getRedis().batch(requests).await().atMost(timeout);
        return replies.get(replies.size() - 1);
    }

    /**
     * On the connection {@code connection} is bound to (the one holding the WATCH): MULTI and every
     * command are sent before any reply is awaited, in order; EXEC follows once all of them were
     * queued, DISCARD if one was not. Two round trips: a command the client refuses before sending
     * it (a wrong number of arguments) must not let EXEC apply the others.
     */
    static Response onConnection(RedisDataSource connection, List<String[]> commands, Duration timeout) {
        ReactiveRedisDataSource reactive = connection.getReactive();
        List<Uni<Response>> queued = new ArrayList<>(commands.size() + 1);
        queued.add(reactive.execute(Command.MULTI));
        for (String[] line : commands) {
            queued.add(reactive.execute(line[0], Arrays.copyOfRange(line, 1, line.length)));
        }
        try {
            // join().all subscribes in list order on this thread: the sends leave in that order.
            // Every reply is awaited, so none is left in flight when the connection goes back to the pool.
            Uni.join().all(queued).andCollectFailures().await().atMost(timeout);
        } catch (CompositeException e) {
            discard(reactive, timeout);
            throw asBlockingClientWould(e.getCauses().get(0));
        } catch (RuntimeException e) {
            discard(reactive, timeout);
            throw e;
        }
        return reactive.execute(Command.EXEC).await().atMost(timeout);
    }

    /** Ends the transaction without applying it (and releases the WATCH); the first failure is the one to report. */
    private static void discard(ReactiveRedisDataSource reactive, Duration timeout) {
        try {
            reactive.execute(Command.DISCARD).await().atMost(timeout);
        } catch (RuntimeException ignored) {
            // The connection is gone or the transaction never started: nothing is applied either way.
        }
    }

    /**
     * The failure as Quarkus's blocking client reports it (unchecked as is, checked wrapped in a
     * CompletionException), so that callers and error mappers see one kind of failure whichever
     * path a command took.
     */
    private static RuntimeException asBlockingClientWould(Throwable failure) {
        return failure instanceof RuntimeException unchecked ? unchecked : new CompletionException(failure);
    }
}
