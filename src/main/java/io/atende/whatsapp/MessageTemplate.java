package io.atende.whatsapp;

import java.util.List;

/**
 * A message template as the Cloud API's template management describes it ({@code GET /{waba-id}/message_templates},
 * the WhatsApp Business HSM node), and the components a create or edit submits. Serialized with {@link GraphJson}
 * (snake_case, nulls left out).
 *
 * @param id Meta's template id
 * @param name lowercase letters, digits and underscores
 * @param language e.g. {@code pt_BR}
 * @param status Meta's status: APPROVED, PENDING, REJECTED, PAUSED, DISABLED, IN_APPEAL, PENDING_DELETION, DELETED,
 *     LIMIT_EXCEEDED...
 * @param category MARKETING, UTILITY or AUTHENTICATION
 * @param parameterFormat POSITIONAL ({{1}}, {{2}}) or NAMED ({{first_name}})
 * @param components HEADER, BODY, FOOTER, BUTTONS
 * @param qualityScore GREEN, YELLOW, RED or UNKNOWN, with when it was rated
 * @param rejectedReason why review refused it (ABUSIVE_CONTENT, INVALID_FORMAT, PROMOTIONAL, ...; NONE otherwise)
 */
public record MessageTemplate(
    String id,
    String name,
    String language,
    String status,
    String category,
    String parameterFormat,
    List<Component> components,
    QualityScore qualityScore,
    String rejectedReason) {

  /** The fields the service asks for when it lists the account's templates. */
  public static final String FIELDS = "id,name,language,status,category,parameter_format,components,quality_score,"
      + "rejected_reason";

  public MessageTemplate {
    components = components == null ? List.of() : List.copyOf(components);
  }

  /**
   * A component: {@code HEADER} (with its {@code format}: TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION), {@code BODY},
   * {@code FOOTER} or {@code BUTTONS}.
   */
  public record Component(String type, String format, String text, Example example, List<Button> buttons) {}

  /** Sample values for review: positional ({@code header_text}, {@code body_text}) or named; media header handles. */
  public record Example(
      List<String> headerText,
      List<NamedExample> headerTextNamedParams,
      List<List<String>> bodyText,
      List<NamedExample> bodyTextNamedParams,
      List<String> headerHandle) {}

  public record NamedExample(String paramName, String example) {}

  /** {@code QUICK_REPLY}, {@code URL} (an optional {@code {{1}}} at the end of the address, with its example) or {@code PHONE_NUMBER}. */
  public record Button(String type, String text, String url, String phoneNumber, List<String> example) {}

  public record QualityScore(String score, Long date) {}

  /** {@code POST /{waba-id}/message_templates}: a new template for review. */
  public record Submission(String name, String language, String category, String parameterFormat, List<Component> components) {}

  /** {@code POST /{template-id}}: a new version of the template's components (and category, for a rejected one). */
  public record Edit(String category, List<Component> components) {}

  /** What Meta answers a create: the new template's id, its status (PENDING) and its category. */
  public record Created(String id, String status, String category) {}

  /** One page of {@code GET /{waba-id}/message_templates}. */
  record Page(List<MessageTemplate> data, Paging paging) {}

  record Paging(Cursors cursors, String next) {}

  record Cursors(String before, String after) {}
}
