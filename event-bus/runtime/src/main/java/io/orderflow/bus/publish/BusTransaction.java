package io.orderflow.bus.publish;

import io.orderflow.eventmodel.domain.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Redis transaction (MULTI ... EXEC) in which a service stages its state changes through
 * {@link #execute(String, String...)} and the events they cause through {@link #publish(Event)}.
 * Either all of it is applied, or none: a crash can never store without publishing, or publish
 * without storing.
 *
 * <p>Commands are only staged here; nothing reaches Redis until the work is done. Then MULTI, the
 * commands and EXEC go out in one write and come back in one read, instead of one round trip (and
 * one wait of the calling thread) per command. Replies therefore appear in the transaction's
 * result, not here.
 */
public final class BusTransaction {

    private final EventPublisher publisher;
    private final List<String[]> commands = new ArrayList<>();
    private final List<Event> staged = new ArrayList<>();

    BusTransaction(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /** Stages a state change, e.g. {@code execute("HSET", key, "status", "created")}; it runs inside the transaction. */
    public void execute(String command, String... args) {
        String[] line = new String[args.length + 1];
        line[0] = command;
        System.arraycopy(args, 0, line, 1, args.length);
        commands.add(line);
    }

    /** Stages {@code HSET key field value ...} with the map's entries, in its order. */
    public void hset(String key, Map<String, String> fields) {
        String[] args = new String[1 + fields.size() * 2];
        args[0] = key;
        int i = 1;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            args[i++] = field.getKey();
            args[i++] = field.getValue();
        }
        execute("HSET", args);
    }

    /** Stages the event's append to the central stream (and its trail), in the same transaction. */
    public void publish(Event event) {
        execute("XADD", publisher.centralStream(), "*", "data", publisher.entryData(event));
        publisher.stageTrail(this, event);
        staged.add(event);
    }

    /** Stages a whole command line, the command first. */
    void stage(String[] line) {
        commands.add(line);
    }

    List<String[]> commands() {
        return commands;
    }

    List<Event> staged() {
        return staged;
    }
}
