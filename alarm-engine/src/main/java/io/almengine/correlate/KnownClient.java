package io.almengine.correlate;

import io.almengine.rules.ClientLink;

/**
 * One client of a server port as the correlate stage stores it: its latest link report, and the
 * serial number of the root-cause alarm it was linked to (0: none), so that the link is taken back
 * when that alarm clears.
 */
public record KnownClient(ClientLink link, long parent) {

    KnownClient linkedTo(long serialNo) {
        return new KnownClient(link, serialNo);
    }
}
