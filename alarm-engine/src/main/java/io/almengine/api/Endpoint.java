package io.almengine.api;

/** One operation of the API. Throws {@link ApiException} for anything but success. */
@FunctionalInterface
public interface Endpoint {
    Reply handle(Call call) throws Exception;
}
