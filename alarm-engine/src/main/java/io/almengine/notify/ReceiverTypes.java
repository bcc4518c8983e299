package io.almengine.notify;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The receiver types {@code notifications.yaml} may name, by their YAML key ({@code webhook},
 * {@code dingtalk}, …), each with the factory that builds a {@link Receiver} from its block. A
 * factory reports a field that cannot work with {@link InvalidReceiverException}.
 */
public final class ReceiverTypes {

    private final Map<String, Function<ReceiverSpec, Receiver>> factories;

    private ReceiverTypes(Map<String, Function<ReceiverSpec, Receiver>> factories) {
        this.factories = Map.copyOf(factories);
    }

    /** No type at all; {@code io.almengine.notify.receivers.StandardReceivers} has every type the engine knows. */
    public static ReceiverTypes none() {
        return new ReceiverTypes(Map.of());
    }

    /** These types and one more (or another factory for a known one). */
    public ReceiverTypes with(String type, Function<ReceiverSpec, Receiver> factory) {
        var next = new TreeMap<>(factories);
        next.put(type, factory);
        return new ReceiverTypes(next);
    }

    public Optional<Function<ReceiverSpec, Receiver>> factory(String type) {
        return Optional.ofNullable(factories.get(type));
    }

    public Set<String> names() {
        return new java.util.TreeSet<>(factories.keySet());
    }
}
