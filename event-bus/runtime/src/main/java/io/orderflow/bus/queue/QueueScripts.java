package io.orderflow.bus.queue;

/**
 * The atomic steps of the queue protocol. Each runs as one Lua script, so a crash or a lost
 * connection leaves Redis either before or after the step, never half-way (LeanMQ runs most of
 * them as separate commands).
 */
final class QueueScripts {

    private QueueScripts() {
    }

    /**
     * KEYS: stream, dlq, registry, metadata, dlq metadata. ARGV: group, dlq group, now.
     * Groups start at 0 so that entries written before the group existed are consumed too;
     * {@code created_at} is written only once.
     */
    static final LuaScript CREATE_QUEUE_PAIR = new LuaScript("""
            for i, key in ipairs({KEYS[1], KEYS[2]}) do
              local r = redis.pcall('XGROUP', 'CREATE', key, ARGV[i], '0', 'MKSTREAM')
              if type(r) == 'table' and r.err and not string.find(r.err, 'BUSYGROUP') then
                return r
              end
            end
            redis.call('SADD', KEYS[3], KEYS[1], KEYS[2])
            redis.call('HSETNX', KEYS[4], 'created_at', ARGV[3])
            redis.call('HSET', KEYS[4], 'dlq', KEYS[2], 'consumer_group', ARGV[1])
            redis.call('HSETNX', KEYS[5], 'created_at', ARGV[3])
            redis.call('HSET', KEYS[5], 'main_queue', KEYS[1], 'consumer_group', ARGV[2], 'is_dlq', 'true')
            return 1
            """);

    /**
     * KEYS: pairs of (stream, expiry). ARGV: pairs of (data, expire-at epoch seconds or '').
     * Returns the new stream ids in order.
     */
    static final LuaScript SEND_ALL = new LuaScript("""
            local ids = {}
            for i = 1, #KEYS, 2 do
              local id = redis.call('XADD', KEYS[i], '*', 'data', ARGV[i])
              if ARGV[i + 1] ~= '' then
                redis.call('ZADD', KEYS[i + 1], ARGV[i + 1], id)
              end
              ids[#ids + 1] = id
            end
            return ids
            """);

    /** KEYS: stream, expiry. ARGV: group, ids... Acknowledges, deletes and forgets the expiry. */
    static final LuaScript DELETE = new LuaScript("""
            local ids = {unpack(ARGV, 2)}
            redis.call('XACK', KEYS[1], ARGV[1], unpack(ids))
            local n = redis.call('XDEL', KEYS[1], unpack(ids))
            redis.call('ZREM', KEYS[2], unpack(ids))
            return n
            """);

    /**
     * KEYS: stream, expiry, dlq. ARGV: group, id, dlq data, consumer ('' for an operator).
     * With a consumer, moves only an entry that consumer still owns: if another instance has
     * claimed it meanwhile, that instance decides. Returns the DLQ id, or false when skipped.
     */
    static final LuaScript MOVE_TO_DLQ = new LuaScript("""
            if ARGV[4] ~= '' then
              local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
              if #p == 0 or p[1][2] ~= ARGV[4] then return false end
            elseif #redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2]) == 0 then
              return false
            end
            local id = redis.call('XADD', KEYS[3], '*', 'data', ARGV[3])
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            redis.call('XDEL', KEYS[1], ARGV[2])
            redis.call('ZREM', KEYS[2], ARGV[2])
            return id
            """);

    /**
     * KEYS: dlq, dlq expiry, destination stream. ARGV: dlq group, dlq id, new data.
     * Requeues an entry that is still in the DLQ (so two operators cannot requeue it twice)
     * and acknowledges it in the DLQ group (LeanMQ leaves it pending there forever).
     */
    static final LuaScript REQUEUE = new LuaScript("""
            if #redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2]) == 0 then return false end
            local id = redis.call('XADD', KEYS[3], '*', 'data', ARGV[3])
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            redis.call('XDEL', KEYS[1], ARGV[2])
            redis.call('ZREM', KEYS[2], ARGV[2])
            return id
            """);

    /** KEYS: stream, expiry. ARGV: group, now. Removes up to 1000 expired entries; returns how many. */
    static final LuaScript EXPIRE_DUE = new LuaScript("""
            local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[2], 'LIMIT', 0, 1000)
            if #ids == 0 then return 0 end
            redis.call('XACK', KEYS[1], ARGV[1], unpack(ids))
            redis.call('XDEL', KEYS[1], unpack(ids))
            redis.call('ZREM', KEYS[2], unpack(ids))
            return #ids
            """);

    /** KEYS: stream, metadata, expiry, dlq, dlq metadata, dlq expiry, registry. */
    static final LuaScript DELETE_QUEUE = new LuaScript("""
            local n = redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
            redis.call('SREM', KEYS[7], KEYS[1], KEYS[4])
            return n
            """);
}
