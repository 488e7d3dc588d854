package io.atende.platform;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/me}: who the caller is authenticated as. */
@RestController
class MeController {

  record Me(String id, java.util.List<String> groups) {}

  @GetMapping("/api/me")
  Me me(CurrentUser user) {
    return new Me(user.id(), user.groupIds());
  }
}
