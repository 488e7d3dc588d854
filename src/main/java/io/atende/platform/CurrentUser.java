package io.atende.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.authorization.Groups;

/**
 * The Camunda user a request was authenticated as (HTTP Basic or a Camunda webapp session), with the
 * ids of the groups they belong to. Controllers take it as a method parameter; other code can read it
 * with {@link #of(HttpServletRequest)}.
 *
 * @param id the Camunda user id
 * @param groupIds the ids of the user's Camunda groups
 */
public record CurrentUser(String id, List<String> groupIds) {

  /** Name of the request attribute that holds the user. */
  public static final String ATTRIBUTE = CurrentUser.class.getName();

  public CurrentUser {
    groupIds = List.copyOf(groupIds);
  }

  public boolean isMemberOf(String groupId) {
    return groupIds.contains(groupId);
  }

  /** A member of Camunda's administrators group ({@value Groups#CAMUNDA_ADMIN}): full rights everywhere. */
  public boolean isAdministrator() {
    return isMemberOf(Groups.CAMUNDA_ADMIN);
  }

  /** The user of this request; empty on the anonymous paths (webhook, simulator, health). */
  public static Optional<CurrentUser> of(HttpServletRequest request) {
    return request.getAttribute(ATTRIBUTE) instanceof CurrentUser user ? Optional.of(user) : Optional.empty();
  }
}
