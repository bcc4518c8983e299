/**
 * Log bundles: the files an alarm definition names ({@code logBundle.sources}), cut to the window
 * around the alarm, secrets masked, packed as a {@code .tar.gz} with a {@code manifest.json} that
 * says what is in it, what was cut or left out, and why. Used by the engine (one bundle at a time,
 * in the background) and by the {@code collect} subcommand on hosts where no engine runs.
 *
 * <p>Owns confinement: nothing outside the configured log roots is ever opened, whatever a
 * definition or request says ({@code ..}, symbolic links pointing out, hard links to files from
 * elsewhere, other absolute paths, {@code /proc}, devices, FIFOs), and nothing is read further than
 * the bundle needs. It reads files and writes owner-only bundles; it never changes an alarm.
 */
package io.almengine.collect;
