package io.orderflow.bus.consumer;

import io.orderflow.bus.queue.LuaScript;

final class ConsumerScripts {

    private ConsumerScripts() {
    }

    /**
     * KEYS: stream, handled marker, trail. ARGV: group, id, retention seconds, queue, handled at
     * (epoch µs), handling time (µs). Remembers that the event was handled, notes it in the
     * event's trail when there is one, and acknowledges the entry, in one step.
     */
    static final LuaScript ACK_HANDLED = new LuaScript("""
            redis.call('SET', KEYS[2], '1', 'EX', ARGV[3])
            if redis.call('EXISTS', KEYS[3]) == 1 then
              redis.call('HSET', KEYS[3], 'handled:' .. ARGV[4], ARGV[5], 'handling_us:' .. ARGV[4], ARGV[6])
            end
            return redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            """);
}
