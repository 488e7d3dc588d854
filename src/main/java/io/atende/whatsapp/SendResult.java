package io.atende.whatsapp;

/**
 * What the Cloud API answered to a send: the message's WhatsApp id ({@code wamid...}), the
 * recipient as sent and as WhatsApp normalized it, and, for paced templates only, the pacing status.
 * Acceptance is not delivery: delivery comes later as status webhooks.
 */
public record SendResult(String waMessageId, String input, String waId, String messageStatus) {}
