package io.almengine.api;

import io.almengine.collect.BundleRequest;
import io.almengine.collect.BundleStatus;
import io.almengine.collect.LogBundles;
import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.model.Alarm;
import io.almengine.model.AlarmCode;
import io.almengine.view.AlarmView;
import java.nio.file.Path;
import java.util.LinkedHashMap;

/**
 * {@code POST /api/alarms/{serialNo}/log-bundles} (202, built in the background),
 * {@code GET /api/log-bundles/{id}} (status and progress) and {@code GET …/download} (the .tar.gz).
 */
final class LogBundleEndpoints {

    private final AlarmView view;
    private final DefinitionCatalog catalog;
    private final LogBundles bundles;

    LogBundleEndpoints(AlarmView view, DefinitionCatalog catalog, LogBundles bundles) {
        this.view = view;
        this.catalog = catalog;
        this.bundles = bundles;
    }

    Reply create(Call call) {
        long serial = AlarmEndpoints.serial(call.pathParam("serialNo"));
        Alarm alarm = view.get(serial).orElseThrow(() -> ApiException.notFound("no alarm with serial number " + serial));
        AlarmDefinition definition = catalog.byId(alarm.alarmId()).orElseThrow(() ->
                ApiException.notFound(AlarmCode.of(alarm.alarmId()) + " is not a loaded alarm type"));
        String id;
        try {
            id = bundles.submit(BundleRequest.forAlarm(alarm, definition, call.principal().name()), serial,
                    alarm.alarmId());
        } catch (LogBundles.Busy e) {
            throw new ApiException(429, e.getMessage());
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("id", id);
        body.put("status", BundleStatus.QUEUED);
        body.put("statusUrl", "/api/log-bundles/" + id);
        return new Reply(202, body);
    }

    Reply status(Call call) {
        return Reply.ok(find(call.pathParam("id")));
    }

    Reply download(Call call) {
        BundleStatus status = find(call.pathParam("id"));
        if (!BundleStatus.DONE.equals(status.status())) {
            throw new ApiException(409, "log bundle " + status.id() + " is " + status.status()
                    + (BundleStatus.FAILED.equals(status.status()) ? ": " + String.join("; ", status.errors())
                    : "; download it when it is done"));
        }
        Path archive = bundles.archive(status.id()).orElseThrow(() ->
                ApiException.notFound("the archive of log bundle " + status.id() + " is gone"));
        return Reply.ok(new Download(archive, "application/gzip",
                AlarmCode.of(status.alarmId()) + "-" + status.serialNo() + "-" + status.id() + ".tar.gz"));
    }

    private BundleStatus find(String id) {
        return bundles.status(id).orElseThrow(() -> ApiException.notFound("no log bundle " + id));
    }
}
