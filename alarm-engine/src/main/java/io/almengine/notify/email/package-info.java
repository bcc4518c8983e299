/**
 * E-mail as a receiver: one multipart message (plain text and HTML) per notification over SMTP
 * with Jakarta Mail (Angus Mail), STARTTLS (required, never silently plain), implicit TLS or none,
 * and optional authentication. The password never appears in a toString, a log or an answer.
 */
package io.almengine.notify.email;
