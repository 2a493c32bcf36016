package io.orderflow.harness.redis;

import java.net.URI;

/** A server the user pointed the tests at; the harness neither starts nor stops it. */
final class ConfiguredRedis implements TestRedis {

    private final URI uri;

    ConfiguredRedis(URI uri) {
        this.uri = uri;
    }

    @Override
    public String host() {
        return uri.getHost();
    }

    @Override
    public int port() {
        return uri.getPort() > 0 ? uri.getPort() : 6379;
    }

    @Override
    public String uri() {
        return uri.toString();
    }

    @Override
    public String description() {
        return "configured Redis at " + uri;
    }

    @Override
    public void close() {
        // Not ours to stop.
    }
}
