package io.orderflow.bus.publish;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies a transaction's staged commands only while a key does not exist, checked by Redis in
 * the same atomic step: create-once under a business key in one round trip, where WATCH, a read
 * and MULTI/EXEC take two and can be discarded by a concurrent writer. Sent as {@code EVAL} with
 * its source (a few hundred bytes), so that a Redis that lost its script cache never answers
 * NOSCRIPT inside a transaction.
 */
final class IfAbsentScript {

    /** KEYS[1]: the guard. ARGV: the commands, each as its number of words, then the words. Returns 1 if applied. */
    static final String SOURCE = """
            if redis.call('EXISTS', KEYS[1]) == 1 then
              return 0
            end
            local i = 1
            while i <= #ARGV do
              local words = tonumber(ARGV[i])
              redis.call(unpack(ARGV, i + 1, i + words))
              i = i + words + 1
            end
            return 1
            """;

    private IfAbsentScript() {
    }

    /** The command line that runs {@code commands} unless {@code guardKey} exists. */
    static String[] command(String guardKey, List<String[]> commands) {
        List<String> line = new ArrayList<>();
        line.add("EVAL");
        line.add(SOURCE);
        line.add("1");
        line.add(guardKey);
        for (String[] command : commands) {
            line.add(String.valueOf(command.length));
            line.addAll(List.of(command));
        }
        return line.toArray(String[]::new);
    }
}
