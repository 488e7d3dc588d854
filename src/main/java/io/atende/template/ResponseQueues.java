package io.atende.template;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.stereotype.Component;

/**
 * The queues a reply to a template may go to: Camunda groups of type {@code WORKFLOW}, the groups tasks are offered
 * to (Camunda's own {@code camunda-admin} is of type SYSTEM). Read as the requesting user, so the caller must be
 * allowed to read groups (administrators are).
 */
@Component
class ResponseQueues {

  static final String WORKFLOW = "WORKFLOW";

  /** A queue as the page offers it. */
  record Queue(String id, String name) {}

  private final IdentityService identity;

  ResponseQueues(IdentityService identity) {
    this.identity = identity;
  }

  List<Queue> list() {
    return identity.createGroupQuery().groupType(WORKFLOW).orderByGroupName().asc().list().stream()
        .map(g -> new Queue(g.getId(), g.getName() == null ? g.getId() : g.getName()))
        .toList();
  }

  boolean exists(String id) {
    Group group = identity.createGroupQuery().groupId(id).singleResult();
    return group != null && WORKFLOW.equals(group.getType());
  }
}
