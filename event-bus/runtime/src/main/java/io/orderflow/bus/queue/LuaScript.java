package io.orderflow.bus.queue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A Lua script run atomically by Redis: by its SHA, falling back to the source once when the
 * server does not know it yet (a fresh or restarted Redis).
 */
public final class LuaScript {

    private final String source;
    private final String sha;

    public LuaScript(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    public Response run(RedisDataSource redis, List<String> keys, List<String> args) {
        try {
            return redis.execute("EVALSHA", arguments(sha, keys, args));
        } catch (RuntimeException e) {
            if (!unknownToServer(e)) {
                throw e;
            }
            return redis.execute("EVAL", arguments(source, keys, args));
        }
    }

    /**
     * {@link #run} without a waiting thread: {@code send} sends one command and answers
     * asynchronously (for example {@link Queues#executeAsync}, which bounds the wait).
     */
    public Uni<Response> runAsync(BiFunction<String, String[], Uni<Response>> send, List<String> keys, List<String> args) {
        return send.apply("EVALSHA", arguments(sha, keys, args))
                .onFailure(LuaScript::unknownToServer)
                .recoverWithUni(() -> send.apply("EVAL", arguments(source, keys, args)));
    }

    /**
     * The script's {@code EVALSHA} command line, for a caller that sends it inside a transaction
     * (where the fallback to the source cannot happen: see {@link #load}).
     */
    public String[] evalsha(List<String> keys, List<String> args) {
        String[] arguments = arguments(sha, keys, args);
        String[] line = new String[arguments.length + 1];
        line[0] = "EVALSHA";
        System.arraycopy(arguments, 0, line, 1, arguments.length);
        return line;
    }

    /** Makes the server know the script, so that the next {@link #evalsha} finds it. */
    public void load(RedisDataSource redis) {
        redis.execute("SCRIPT", "LOAD", source);
    }

    /** NOSCRIPT: the server does not know the script (yet). */
    private static boolean unknownToServer(Throwable error) {
        return String.valueOf(error.getMessage()).contains("NOSCRIPT");
    }

    private static String[] arguments(String script, List<String> keys, List<String> args) {
        List<String> all = new ArrayList<>(2 + keys.size() + args.size());
        all.add(script);
        all.add(String.valueOf(keys.size()));
        all.addAll(keys);
        all.addAll(args);
        return all.toArray(String[]::new);
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
