package io.orderflow.bus.distributor;

import io.orderflow.bus.queue.LuaScript;

/**
 * One atomic step per batch read from the central stream. For each entry the distributor still
 * owns (if another instance claimed it meanwhile, that instance distributes it: each event
 * reaches each subscriber queue once): append it to every queue subscribed to its type, looked up
 * in Redis so that every instance routes alike, and acknowledge it; or, for an entry the
 * distributor could not read, append the dead-letter version to the central DLQ and remove it.
 *
 * <p>KEYS: central stream, central DLQ. ARGV: key prefix, group, consumer, then per entry
 * (id, event type or '' to dead-letter, data, trail key or ''; an existing trail gets the copy
 * time per queue). Counts routed and unrouted events by type. Returns per entry: the number of copies made,
 * "dlq", "skipped" (not owned any more), or "bad:<queue>" when a subscriber key holds something
 * other than a stream (nothing is written for that entry). Then, per event type seen, the type
 * and its subscriber queues separated by spaces.
 */
final class DistributeScript {

    private DistributeScript() {
    }

    static final LuaScript SCRIPT = new LuaScript("""
            local prefix, group, consumer = ARGV[1], ARGV[2], ARGV[3]
            local routes, route_list, valid, outcomes = {}, {}, {}, {}
            local time = redis.call('TIME')
            local now_us = time[1] .. string.format('%06d', tonumber(time[2]))
            local function subscribers(kind)
              local subs = routes[kind]
              if subs == nil then
                subs = redis.call('SMEMBERS', prefix .. 'subscriptions:' .. kind)
                table.sort(subs)
                routes[kind] = subs
                route_list[#route_list + 1] = kind
                route_list[#route_list + 1] = table.concat(subs, ' ')
              end
              return subs
            end
            local function bad_target(subs)
              for _, q in ipairs(subs) do
                local key = prefix .. q
                if valid[key] == nil then
                  local t = redis.call('TYPE', key)['ok']
                  valid[key] = (t == 'stream' or t == 'none')
                end
                if not valid[key] then return q end
              end
              return nil
            end
            for i = 4, #ARGV, 4 do
              local id, kind, data, trail = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
              local owner = redis.call('XPENDING', KEYS[1], group, id, id, 1)
              if #owner == 0 or owner[1][2] ~= consumer then
                outcomes[#outcomes + 1] = 'skipped'
              elseif kind == '' then
                redis.call('XADD', KEYS[2], '*', 'data', data)
                redis.call('XACK', KEYS[1], group, id)
                redis.call('XDEL', KEYS[1], id)
                outcomes[#outcomes + 1] = 'dlq'
              else
                local subs = subscribers(kind)
                local bad = bad_target(subs)
                if bad then
                  outcomes[#outcomes + 1] = 'bad:' .. bad
                else
                  local traced = trail ~= '' and redis.call('EXISTS', trail) == 1
                  for _, q in ipairs(subs) do
                    redis.call('XADD', prefix .. q, '*', 'data', data)
                    if traced then
                      redis.call('HSET', trail, 'distributed:' .. q, now_us)
                    end
                  end
                  redis.call('XACK', KEYS[1], group, id)
                  if #subs == 0 then
                    redis.call('HINCRBY', prefix .. 'stats:distributor', 'unrouted:' .. kind, 1)
                  else
                    redis.call('HINCRBY', prefix .. 'stats:distributor', 'routed:' .. kind, 1)
                  end
                  outcomes[#outcomes + 1] = tostring(#subs)
                end
              end
            end
            return {outcomes, route_list}
            """);
}
