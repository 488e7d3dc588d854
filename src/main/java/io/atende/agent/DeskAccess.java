package io.atende.agent;

import io.atende.agent.DeskTasks.AgentTask;
import io.atende.conversation.ConversationStore.Conversation;
import io.atende.platform.CurrentUser;
import org.springframework.stereotype.Component;

/**
 * Who may see and act on a conversation (R17): supervisors and administrators everywhere; an agent
 * only on the WhatsApp numbers enabled for them ({@link AgentStore}, changed at runtime through {@code /api/agents}),
 * and only on conversations of their queues or assigned to them.
 */
@Component
class DeskAccess {

  private final AgentsProperties agents;
  private final AgentStore store;

  DeskAccess(AgentsProperties agents, AgentStore store) {
    this.agents = agents;
    this.store = store;
  }

  boolean isSupervisor(CurrentUser user) {
    return user.isMemberOf(agents.supervisorGroup()) || user.isAdministrator();
  }

  boolean mayUseNumber(CurrentUser user, String phoneNumberId) {
    return isSupervisor(user)
        || (phoneNumberId != null && store.numberEnabled(user.id(), phoneNumberId));
  }

  void checkNumber(CurrentUser user, String phoneNumberId) {
    if (!mayUseNumber(user, phoneNumberId)) {
      throw new DeskExceptions.Forbidden("WhatsApp number " + phoneNumberId + " is not enabled for user " + user.id());
    }
  }

  /** The conversation's number must be enabled for the user, and its task in one of their queues or theirs. */
  void checkConversation(CurrentUser user, Conversation conversation, AgentTask task) {
    checkNumber(user, conversation.phoneNumberId());
    if (isSupervisor(user)) {
      return;
    }
    boolean mine = task != null && (user.id().equals(task.assignee()) || task.candidateGroups().stream().anyMatch(user::isMemberOf));
    boolean myQueue = conversation.queue() != null && user.isMemberOf(conversation.queue());
    if (!mine && !myQueue) {
      throw new DeskExceptions.Forbidden("Conversation " + conversation.id() + " is not in a queue of user " + user.id());
    }
  }
}
