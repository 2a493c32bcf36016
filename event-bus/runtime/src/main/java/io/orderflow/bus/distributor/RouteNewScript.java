package io.orderflow.bus.distributor;

import io.orderflow.bus.queue.LuaScript;

/**
 * The distributor's hot path, one atomic step per batch: reads the entries never delivered to
 * the group ({@code >}) for this consumer, and appends every entry it can prove routable to
 * each queue subscribed to its type, then acknowledges them all, so that no event data crosses
 * into the JVM. Entries it reads are owned by the caller in that same step, so no per-entry
 * ownership check is needed (claimed entries take {@link DistributeScript}, which checks).
 *
 * <p>Routable means what {@code EventCodec.decode} accepts, checked with Redis's cjson: a JSON
 * object whose {@code event_type} is one of the types below and whose fields have the type's
 * kinds and value rules, and without a TTL (expiry is decided in Java). The checks are at least
 * as strict as the codec's where they can be, so that an entry the script routes is one the Java
 * path would route too; the cases cjson cannot tell are listed in the README. Everything else
 * (unparsable, unknown or missing type, a subscriber key that is not a stream, anything odd) is
 * left pending and returned whole, for the Java path to dead-letter or route with its reasons.
 *
 * <p>KEYS: central stream. ARGV: key prefix, group, consumer, count, '1' to record trail times
 * in existing trails. Counts routed and unrouted events in the stats hash, one HINCRBY per type.
 * Returns {entries read, per routed type (type, its subscriber queues separated by spaces,
 * events), entries left [id, fields]}.
 * Subscriber queues, stats and trails are keys it does not declare: not for Redis Cluster.
 */
final class RouteNewScript {

    private RouteNewScript() {
    }

    static final LuaScript SCRIPT = new LuaScript("""
            local stream = KEYS[1]
            local prefix, group, consumer, count = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
            local traced = ARGV[5] == '1'
            local read = redis.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', count, 'STREAMS', stream, '>')
            if not read then
              return {0, {}, {}}
            end
            local entries = read[1][2]

            -- Globals are table lookups: the checks below run for every entry.
            local type, find, floor, huge, pcall, ipairs = type, string.find, math.floor, math.huge, pcall, ipairs
            local decode, null, numbers_mode = cjson.decode, cjson.null, cjson.decode_invalid_numbers
            local function decoded(raw)
              -- cjson takes +1, 0x10, 007, nan and inf by default where Jackson fails: turn that
              -- off for this decode only, and give the shared setting back at once.
              local lax = numbers_mode()
              numbers_mode(false)
              local ok, value = pcall(decode, raw)
              numbers_mode(lax)
              if ok and type(value) == 'table' then return value end
              return nil
            end
            local function finite(v) return type(v) == 'number' and v == v and v > -huge and v < huge end
            -- Java's isBlank knows Unicode spaces: only text with a printable ASCII character is surely not blank.
            local function text(v) return type(v) == 'string' and find(v, '[!-~]') ~= nil end
            -- -0 may be a negative number too small for a double (-1e-400): Java would reject it.
            local function money(v) return finite(v) and (v > 0 or (v == 0 and 1 / v > 0)) end
            local function time(v) return finite(v) and v > -1e15 and v < 1e15 end
            local function quantity(v) return finite(v) and v >= 1 and v <= 2147483647 and v == floor(v) end
            local function items(list)
              -- An empty array and an empty object decode alike: leave those to Java.
              if type(list) ~= 'table' or list[1] == nil then return false end
              for _, item in ipairs(list) do
                if type(item) ~= 'table' or not text(item.product_id) or type(item.name) ~= 'string'
                    or not money(item.price) or not quantity(item.quantity) then
                  return false
                end
              end
              return true
            end
            -- The event types of EventTypes, each with EventCodec's field rules.
            local checks = {
              OrderCreatedEvent = function(e)
                return text(e.order_id) and text(e.user_id) and money(e.total) and items(e.items)
              end,
              PaymentProcessedEvent = function(e)
                return text(e.payment_id) and text(e.order_id) and money(e.amount)
                  and (e.status == 'succeeded' or e.status == 'failed')
              end,
              OrderShippedEvent = function(e)
                return text(e.order_id) and text(e.tracking_number) and text(e.carrier)
              end,
            }
            local function routable(raw)
              local e = raw and decoded(raw)
              local check = e and checks[e.event_type]
              if not check or not text(e.event_id) or not time(e.timestamp) or not check(e) then return nil end
              local meta = e._metadata
              if type(meta) == 'table' and meta.ttl ~= nil and meta.ttl ~= null then return nil end
              return e
            end

            -- Per type: its sorted subscriber queues and their keys, looked up once per batch;
            -- false when a subscriber key holds something other than a stream.
            local routes = {}
            local function route_of(kind)
              local r = routes[kind]
              if r == nil then
                local subs = redis.call('SMEMBERS', prefix .. 'subscriptions:' .. kind)
                table.sort(subs)
                r = {subs = subs, keys = {}, count = 0}
                for i, q in ipairs(subs) do
                  local t = redis.call('TYPE', prefix .. q)['ok']
                  if t ~= 'stream' and t ~= 'none' then
                    r = false
                    break
                  end
                  r.keys[i] = prefix .. q
                end
                routes[kind] = r
              end
              return r
            end

            local now_us
            if traced then
              local clock = redis.call('TIME')
              now_us = clock[1] .. string.format('%06d', tonumber(clock[2]))
            end
            local acks, left = {}, {}
            for _, entry in ipairs(entries) do
              local id, fields = entry[1], entry[2]
              local raw
              for i = 1, #fields, 2 do
                if fields[i] == 'data' then raw = fields[i + 1] end
              end
              local e = routable(raw)
              local r = e and route_of(e.event_type)
              if r then
                for _, key in ipairs(r.keys) do
                  redis.call('XADD', key, '*', 'data', raw)
                end
                if traced and #r.subs > 0 then
                  local trail = prefix .. 'trail:' .. e.event_id
                  if redis.call('EXISTS', trail) == 1 then
                    for _, q in ipairs(r.subs) do
                      redis.call('HSET', trail, 'distributed:' .. q, now_us)
                    end
                  end
                end
                r.count = r.count + 1
                acks[#acks + 1] = id
              else
                left[#left + 1] = entry
              end
            end
            -- unpack has a stack limit: acknowledge in slices.
            for i = 1, #acks, 1000 do
              redis.call('XACK', stream, group, unpack(acks, i, math.min(i + 999, #acks)))
            end
            local summary = {}
            for kind, r in pairs(routes) do
              if r and r.count > 0 then
                local field = (#r.subs == 0 and 'unrouted:' or 'routed:') .. kind
                redis.call('HINCRBY', prefix .. 'stats:distributor', field, r.count)
                summary[#summary + 1] = kind
                summary[#summary + 1] = table.concat(r.subs, ' ')
                summary[#summary + 1] = r.count
              end
            end
            return {#entries, summary, left}
            """);
}
