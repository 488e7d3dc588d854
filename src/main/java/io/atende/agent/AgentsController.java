package io.atende.agent;

import io.atende.platform.CurrentUser;
import io.atende.whatsapp.WhatsAppProperties;
import java.util.Comparator;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The agents' WhatsApp numbers and limits of simultaneous conversations, changed at runtime (README, "Agents API"):
 * every Camunda user, also those created in Camunda Admin, can be given numbers. Administrators change them;
 * administrators and supervisors read them.
 */
@RestController
@RequestMapping("/api/agents")
class AgentsController {

  private final AgentStore store;
  private final IdentityService identity;
  private final DeskAccess access;
  private final WhatsAppProperties whatsApp;
  private final TaskGrants grants;
  private final DeskTasks system;

  AgentsController(AgentStore store, IdentityService identity, DeskAccess access, WhatsAppProperties whatsApp, TaskGrants grants,
      DeskTasks system) {
    this.store = store;
    this.identity = identity;
    this.access = access;
    this.whatsApp = whatsApp;
    this.grants = grants;
    this.system = system;
  }

  /**
   * @param maxConcurrentConversations the agent's own limit, null when the default applies
   * @param limit the limit that applies
   */
  record AgentView(String id, String firstName, String lastName, List<String> queues, List<String> numbers,
      Integer maxConcurrentConversations, int limit) {}

  /** A PUT replaces both: the numbers enabled for the agent and their own limit (null: the default). */
  record AgentChange(List<String> numbers, Integer maxConcurrentConversations) {}

  @GetMapping
  List<AgentView> list(CurrentUser user) {
    checkReader(user);
    return system.asSystem(() -> identity.createUserQuery().orderByUserId().asc().list().stream().map(this::view)
        .sorted(Comparator.comparing(AgentView::id)).toList());
  }

  @GetMapping("/{userId}")
  AgentView get(@PathVariable String userId, CurrentUser user) {
    checkReader(user);
    return system.asSystem(() -> view(existing(userId)));
  }

  @PutMapping("/{userId}")
  AgentView put(@PathVariable String userId, @RequestBody AgentChange change, CurrentUser user) {
    if (!user.isAdministrator()) {
      throw new DeskExceptions.Forbidden("Only an administrator may change agents' numbers and limits");
    }
    return system.asSystem(() -> {
      User agent = existing(userId);
      List<String> numbers = change.numbers() == null ? List.of() : change.numbers().stream().map(String::trim).distinct().toList();
      List<String> known = whatsApp.numbers().stream().map(WhatsAppProperties.BusinessNumber::phoneNumberId).toList();
      for (String number : numbers) {
        if (!known.contains(number)) {
          throw new DeskExceptions.BadRequest("Unknown WhatsApp number '" + number + "'; known: " + String.join(", ", known));
        }
      }
      if (change.maxConcurrentConversations() != null && change.maxConcurrentConversations() < 0) {
        throw new DeskExceptions.BadRequest("maxConcurrentConversations must be 0 or more (or null for the default "
            + store.defaultLimit() + ")");
      }
      store.save(userId, numbers, change.maxConcurrentConversations(), user.id());
      grants.resyncUser(userId);
      return view(agent);
    });
  }

  private void checkReader(CurrentUser user) {
    if (!access.isSupervisor(user)) {
      throw new DeskExceptions.Forbidden("Only administrators and supervisors may see the agents' settings");
    }
  }

  private User existing(String userId) {
    User user = identity.createUserQuery().userId(userId).singleResult();
    if (user == null) {
      throw new DeskExceptions.NotFound("No user '" + userId + "' (create it in Camunda Admin)");
    }
    return user;
  }

  private AgentView view(User user) {
    AgentStore.AgentSettings settings = store.find(user.getId()).orElse(new AgentStore.AgentSettings(user.getId(), List.of(), null));
    List<String> queues = identity.createGroupQuery().groupMember(user.getId()).orderByGroupId().asc().list().stream().map(Group::getId).toList();
    return new AgentView(user.getId(), user.getFirstName(), user.getLastName(), queues, settings.numbers(),
        settings.maxConcurrentConversations(), store.limitFor(user.getId()));
  }
}
