package io.orderflow.deploytests.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/**
 * Redis's own memory ceiling on its command line, as compose.yaml and the Kubernetes manifests
 * give it: a full Redis must refuse writes (the services answer 503) rather than grow until the
 * kernel kills it, and must never evict, since every key is state.
 */
public final class RedisMemoryArguments {

    private RedisMemoryArguments() {
    }

    /** Asserts {@code --maxmemory} at three quarters of the container's limit at most, and {@code noeviction}. */
    public static void assertRefusesWritesWellBelow(List<String> args, long containerLimitBytes) {
        int maxmemory = args.indexOf("--maxmemory");
        int policy = args.indexOf("--maxmemory-policy");
        assertThat(maxmemory).as("--maxmemory in %s", args).isPositive();
        assertThat(policy).as("--maxmemory-policy in %s", args).isPositive();
        assertThat(args.get(policy + 1)).isEqualTo("noeviction");

        String value = args.get(maxmemory + 1);
        assertThat(value).as("maxmemory in Redis's binary unit").matches("[0-9]+mb");
        long maxmemoryBytes = Long.parseLong(value.substring(0, value.length() - 2)) * 1024 * 1024;
        // The AOF rewrite forks Redis: its copy-on-write pages and the buffers need room under the limit.
        assertThat(maxmemoryBytes).isLessThanOrEqualTo(containerLimitBytes * 3 / 4);
    }
}
