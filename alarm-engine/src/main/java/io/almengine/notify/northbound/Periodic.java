package io.almengine.notify.northbound;

import io.almengine.notify.Delivery;
import io.almengine.notify.Receiver;

/** A northbound receiver with FusionInsight's periodic messages: re-reports and a heartbeat. */
public interface Periodic extends Receiver {

    PeriodicReport periodic();

    Delivery heartbeat();
}
