package io.atende.whatsapp;

/**
 * A change Meta announced about one of the account's message templates: its status
 * ({@code message_template_status_update}: APPROVED, REJECTED, PAUSED, DISABLED, REINSTATED...), its quality
 * rating ({@code message_template_quality_update}) or its category ({@code template_category_update}).
 *
 * @param field the webhook field
 * @param templateId Meta's template id
 * @param event the status event (status updates only)
 * @param category the template's category as Meta now has it (status and category updates)
 * @param reason the rejection reason (e.g. PROMOTIONAL), or NONE
 * @param newQualityScore the new rating (quality updates only)
 * @param note what Meta adds in {@code other_info} or {@code rejection_info} (e.g. "FIRST_PAUSE: ..."), or null
 * @param time when Meta says it happened ({@code entry[].time}, epoch seconds), or null
 */
public record MessageTemplateUpdate(
    String field,
    String templateId,
    String name,
    String language,
    String event,
    String category,
    String reason,
    String previousQualityScore,
    String newQualityScore,
    String note,
    Long time) {

  public static final String STATUS_FIELD = "message_template_status_update";
  public static final String QUALITY_FIELD = "message_template_quality_update";
  public static final String CATEGORY_FIELD = "template_category_update";

  public boolean isQualityUpdate() {
    return QUALITY_FIELD.equals(field);
  }

  public boolean isCategoryUpdate() {
    return CATEGORY_FIELD.equals(field);
  }

  static boolean isTemplateField(String field) {
    return STATUS_FIELD.equals(field) || QUALITY_FIELD.equals(field) || CATEGORY_FIELD.equals(field);
  }

  static MessageTemplateUpdate of(String field, WebhookPayload.ChangeValue v, Long time) {
    String note = null;
    if (v.otherInfo() != null) {
      note = v.otherInfo().title() + (v.otherInfo().description() == null ? "" : ": " + v.otherInfo().description());
    } else if (v.rejectionInfo() != null) {
      note = v.rejectionInfo().reason() + (v.rejectionInfo().recommendation() == null ? ""
          : " " + v.rejectionInfo().recommendation());
    }
    return new MessageTemplateUpdate(field, v.messageTemplateId(), v.messageTemplateName(), v.messageTemplateLanguage(),
        v.event(), CATEGORY_FIELD.equals(field) ? v.newCategory() : v.messageTemplateCategory(), v.reason(),
        v.previousQualityScore(), v.newQualityScore(), note, time);
  }
}
