package io.orderflow.benchmarks.fanout;

import java.net.URI;
import java.util.Optional;

/**
 * Where the benchmarked Redis listens, taken from the URI Quarkus connects to, so that
 * redis-benchmark measures the very same server.
 */
record RedisEndpoint(String host, int port, Optional<String> password) {

    static RedisEndpoint of(String uri) {
        URI parsed = URI.create(uri.trim());
        if (!"redis".equals(parsed.getScheme()) || parsed.getHost() == null) {
            throw new IllegalArgumentException("expected redis://host:port, got " + uri);
        }
        Optional<String> password = Optional.ofNullable(parsed.getUserInfo())
                .map(info -> info.contains(":") ? info.substring(info.indexOf(':') + 1) : info)
                .filter(p -> !p.isEmpty());
        return new RedisEndpoint(parsed.getHost(), parsed.getPort() > 0 ? parsed.getPort() : 6379, password);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
