package io.atende.journey.outreach;

import java.util.List;
import java.util.Map;

/**
 * What an agent asks for: from which business number, to which phone and name, with which approved template and
 * variables ({@code POST /api/outreach/active-contacts} and {@code /recontacts}, the Tasklist start form).
 *
 * @param template the template: name, language and its variables, in the template's order ({@code variables}) or by
 *     name for a template with named variables ({@code namedVariables})
 */
public record OutreachRequest(String phoneNumberId, String phone, String name, TemplateChoice template) {

  /** The template and its variables. */
  public record TemplateChoice(String name, String language, List<String> variables, Map<String, String> namedVariables) {}
}
