package io.almengine.notify;

import java.util.Map;

/**
 * One receiver as {@code notifications.yaml} declares it: its name, its type (the YAML key:
 * {@code webhook}, {@code dingtalk}, …) and that type's fields, with {@code ${NAME}} already
 * replaced from the environment. A receiver type reads its fields from here and reports a wrong one
 * with {@link InvalidReceiverException}, which the loader turns into {@code file:line: field: message}.
 */
public record ReceiverSpec(String name, String type, Map<String, String> fields) {

    public ReceiverSpec {
        fields = Map.copyOf(fields);
    }

    public String required(String field) {
        String value = fields.get(field);
        if (value == null || value.isBlank()) {
            throw new InvalidReceiverException(field, "is required for a " + type + " receiver");
        }
        return value;
    }

    /** Names the fields, never their values: a secret must not reach a log through a receiver's description. */
    @Override
    public String toString() {
        return "ReceiverSpec[name=" + name + ", type=" + type + ", fields=" + new java.util.TreeSet<>(fields.keySet()) + "]";
    }

    public String optional(String field, String otherwise) {
        String value = fields.get(field);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
