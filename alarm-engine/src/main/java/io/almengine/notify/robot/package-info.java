/**
 * Chat robots as receivers: DingTalk custom robots, WeCom group robots and Feishu custom bots. Each
 * knows its service's message format, size limit, signature, rate limit and answers, and shares the
 * markdown rendering of a {@link io.almengine.notify.message.Digest}; none retries or waits (the
 * caller does, from the {@link io.almengine.notify.Delivery}). Their webhook addresses hold the
 * robot's token, so the address, like the secret, never appears in a toString, a log or an answer.
 */
package io.almengine.notify.robot;
