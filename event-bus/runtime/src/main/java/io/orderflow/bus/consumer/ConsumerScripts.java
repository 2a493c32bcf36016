package io.orderflow.bus.consumer;

import io.orderflow.bus.queue.LuaScript;

final class ConsumerScripts {

    private ConsumerScripts() {
    }

    /**
     * KEYS: stream, handled marker. ARGV: group, id, retention seconds. Remembers that the event
     * was handled and acknowledges the entry, in one step.
     */
    static final LuaScript ACK_HANDLED = new LuaScript("""
            redis.call('SET', KEYS[2], '1', 'EX', ARGV[3])
            return redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            """);
}
