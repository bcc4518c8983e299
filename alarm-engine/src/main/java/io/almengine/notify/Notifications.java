package io.almengine.notify;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code notifications.yaml} says, validated: the receivers by name and the routing tree.
 * {@link #NONE} when there is no file: nothing is routed, nothing sent.
 *
 * @param specs the receivers as declared, secrets included: never logged, never served
 */
public record Notifications(Path file, Map<String, Receiver> receivers, List<ReceiverSpec> specs, Route route) {

    public static final Notifications NONE = new Notifications(null, Map.of(), List.of(), null);

    public Notifications {
        receivers = Map.copyOf(receivers);
        specs = List.copyOf(specs);
    }

    public boolean enabled() {
        return route != null;
    }

    public Optional<Receiver> receiver(String name) {
        return Optional.ofNullable(receivers.get(name));
    }

    /** The receiver's type as declared ({@code webhook}, …), for metrics and the delivery log. */
    public String typeOf(String receiver) {
        return specs.stream().filter(s -> s.name().equals(receiver)).map(ReceiverSpec::type).findFirst().orElse("");
    }
}
