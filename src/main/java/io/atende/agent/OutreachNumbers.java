package io.atende.agent;

import io.atende.journey.outreach.AgentNumbers;
import io.atende.platform.CurrentUser;
import java.util.List;
import org.springframework.stereotype.Component;

/** The numbers an agent may write first from are the numbers enabled for them on the desk (R17). */
@Component
class OutreachNumbers implements AgentNumbers {

  private final DeskAccess access;

  OutreachNumbers(DeskAccess access) {
    this.access = access;
  }

  @Override
  public boolean enabled(String userId, List<String> groupIds, String phoneNumberId) {
    return access.mayUseNumber(new CurrentUser(userId, groupIds), phoneNumberId);
  }
}
