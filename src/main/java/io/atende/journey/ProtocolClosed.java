package io.atende.journey;

/**
 * Published inside the transaction of step {@code CloseProtocol} when an agent closed a protocol (ids only): the
 * satisfaction survey starts from it ({@code io.atende.survey}).
 */
public record ProtocolClosed(long conversationId, String protocol, long customerId, String phoneNumberId, String agentId,
    String queue) {}
