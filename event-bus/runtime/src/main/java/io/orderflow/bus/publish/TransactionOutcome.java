package io.orderflow.bus.publish;

import io.quarkus.redis.datasource.transactions.OptimisticLockingTransactionResult;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * What a pipelined transaction returned: EXEC's replies, one {@link Response} per staged command,
 * or {@link #discarded()} when a watched key changed; and what the read before it saw.
 */
final class TransactionOutcome<I> implements OptimisticLockingTransactionResult<I> {

    private final List<Response> replies;
    private final boolean discarded;
    private final I preTransactionResult;

    private TransactionOutcome(List<Response> replies, boolean discarded, I preTransactionResult) {
        this.replies = replies;
        this.discarded = discarded;
        this.preTransactionResult = preTransactionResult;
    }

    /**
     * From EXEC's reply: null (or a null reply) means a WATCH made Redis discard the transaction.
     * The last {@code internal} replies answer commands the bus added, not the caller's: left out.
     */
    static <I> TransactionOutcome<I> of(Response exec, I preTransactionResult, int internal) {
        if (exec == null || exec.type() == null) {
            return new TransactionOutcome<>(List.of(), true, preTransactionResult);
        }
        List<Response> replies = new ArrayList<>(exec.size());
        exec.forEach(replies::add);
        replies.subList(replies.size() - internal, replies.size()).clear();
        return new TransactionOutcome<>(Collections.unmodifiableList(replies), false, preTransactionResult);
    }

    @Override
    public boolean discarded() {
        return discarded;
    }

    @Override
    public boolean hasErrors() {
        return replies.stream().anyMatch(r -> r != null && r.type() == ResponseType.ERROR);
    }

    @Override
    public int size() {
        return replies.size();
    }

    @Override
    public boolean isEmpty() {
        return replies.isEmpty();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(int index) {
        return (T) replies.get(index);
    }

    @Override
    public I getPreTransactionResult() {
        return preTransactionResult;
    }

    @Override
    public Iterator<Object> iterator() {
        return Collections.<Object>unmodifiableList(replies).iterator();
    }
}
