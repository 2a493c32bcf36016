package io.orderflow.bus.queue;

/**
 * The Redis keys and group names of one LeanMQ queue. A queue named {@code N} is the stream
 * {@code <prefix>N}, its dead-letter queue {@code <prefix>N:dlq}; the consumer groups use the
 * unprefixed name ({@code N-group}, {@code N-group-dlq}), exactly as LeanMQ names them.
 */
public record QueueKeys(String prefix, String name) {

    public QueueKeys {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a queue needs a name");
        }
        if (name.endsWith(":dlq")) {
            // LeanMQ's key scheme cannot tell such a queue from another queue's DLQ.
            throw new IllegalArgumentException("a queue name may not end in ':dlq': " + name);
        }
    }

    public String stream() {
        return prefix + name;
    }

    public String group() {
        return name + "-group";
    }

    public String metadata() {
        return stream() + ":metadata";
    }

    public String expiry() {
        return stream() + ":expiry";
    }

    public String dlq() {
        return stream() + ":dlq";
    }

    public String dlqGroup() {
        return name + "-group-dlq";
    }

    public String dlqMetadata() {
        return dlq() + ":metadata";
    }

    public String dlqExpiry() {
        return dlq() + ":expiry";
    }

    public String registry() {
        return prefix + "registry";
    }
}
