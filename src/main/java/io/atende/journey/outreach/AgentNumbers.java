package io.atende.journey.outreach;

import java.util.List;

/** Which WhatsApp numbers a user may write from (R17); implemented by the agents' directory. */
public interface AgentNumbers {

  /** Whether the user may act on that business number (administrators may on every number). */
  boolean enabled(String userId, List<String> groupIds, String phoneNumberId);
}
