package io.atende.journey.outreach;

import io.atende.conversation.PhoneNumbers;
import io.atende.template.TemplateMessages;
import io.atende.template.TemplateMessages.Prepared;
import io.atende.whatsapp.WhatsAppProperties;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The checks of an outreach request, the same through every door (REST API, Tasklist's start form, a start through
 * {@code /engine-rest}): the origin number is the company's and enabled for the user, the phone can exist (made E.164
 * digits), the name is given, and the template is approved with every variable filled
 * ({@link TemplateMessages}, which throws its own problem).
 */
@Component
class OutreachChecks {

  static final int MAX_NAME = 256;

  private final WhatsAppProperties whatsapp;
  private final AgentNumbers agentNumbers;
  private final TemplateMessages templates;
  private final OutreachProperties.Texts texts;

  OutreachChecks(WhatsAppProperties whatsapp, AgentNumbers agentNumbers, TemplateMessages templates, OutreachProperties properties) {
    this.whatsapp = whatsapp;
    this.agentNumbers = agentNumbers;
    this.templates = templates;
    this.texts = properties.texts();
  }

  /** A request that passed: the customer's WhatsApp id, the name, and the template ready to leave. */
  record Checked(String phoneNumberId, String waId, String name, Prepared template) {}

  /**
   * @throws OutreachRefusedException naming what is wrong (forbidden when the number is not the user's)
   * @throws io.atende.template.TemplateProblemException when the template cannot be sent as asked
   * @throws PhoneNumbers.InvalidPhoneException when the phone cannot exist
   */
  Checked check(String userId, List<String> groupIds, OutreachRequest request) {
    String number = request.phoneNumberId() == null ? "" : request.phoneNumberId().strip();
    if (number.isEmpty()) {
      throw new OutreachRefusedException(texts.numberMissing(), false);
    }
    if (whatsapp.number(number).isEmpty()) {
      throw new OutreachRefusedException(OutreachProperties.fill(texts.unknownNumber(), null, number), false);
    }
    if (userId == null || !agentNumbers.enabled(userId, groupIds == null ? List.of() : groupIds, number)) {
      throw new OutreachRefusedException(OutreachProperties.fill(texts.numberNotEnabled(), null, number), true);
    }
    String waId = PhoneNumbers.normalize(request.phone());
    String name = request.name() == null ? "" : request.name().strip();
    if (name.isEmpty()) {
      throw new OutreachRefusedException(texts.nameMissing(), false);
    }
    if (name.length() > MAX_NAME) {
      throw new OutreachRefusedException(texts.nameTooLong(), false);
    }
    return new Checked(number, waId, name, prepare(request.template()));
  }

  /** The template as it will leave, checked again at send time (Meta may have paused it meanwhile). */
  Prepared prepare(OutreachRequest.TemplateChoice choice) {
    if (choice == null || choice.name() == null || choice.name().isBlank()) {
      throw new OutreachRefusedException(texts.templateMissing(), false);
    }
    TemplateMessages.Request request = choice.namedVariables() != null && !choice.namedVariables().isEmpty()
        ? TemplateMessages.Request.named(choice.name().strip(), language(choice), choice.namedVariables())
        : TemplateMessages.Request.of(choice.name().strip(), language(choice), choice.variables());
    return templates.prepare(request);
  }

  private static String language(OutreachRequest.TemplateChoice choice) {
    return choice.language() == null ? null : choice.language().strip();
  }
}
