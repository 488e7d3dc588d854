package io.atende.survey;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.CustomerStore;
import io.atende.conversation.CustomerStore.Customer;
import io.atende.conversation.MessageSender;
import io.atende.conversation.MessageSender.OutsideServiceWindowException;
import io.atende.conversation.MessageSender.PreparedTemplate;
import io.atende.conversation.TemplateContacts;
import io.atende.journey.BotMessages;
import io.atende.journey.ConversationProcess;
import io.atende.journey.JourneyStarts;
import io.atende.journey.SendKeys;
import io.atende.limits.MessagingLimitReachedException;
import io.atende.limits.ServiceWindows;
import io.atende.survey.SurveyAnswers.Classified;
import io.atende.survey.SurveyProcess.Variables;
import io.atende.survey.SurveyRecords.Service;
import io.atende.survey.SurveyRecords.Status;
import io.atende.template.TemplateMessages;
import io.atende.template.TemplateProblemException;
import io.atende.whatsapp.GraphApiException;
import io.atende.whatsapp.OutboundMessage.Interactive;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The steps of processes/survey.bpmn ({@code ${loadSurveySettings}}, {@code ${sendSurveyQuestion}}...). Sends are
 * asynchronous steps keyed by the job ({@link SendKeys}), so a retry never sends twice.
 */
@Configuration(proxyBeanMethods = false)
class SurveySteps {

  private static final Logger log = LoggerFactory.getLogger(SurveySteps.class);
  /** Feedback answers that mean "no comment". */
  private static final List<String> NO_COMMENT = List.of("nao", "no", "nada", "sem comentarios", "nao obrigado", "nao, obrigado");

  private final SurveySettingsStore settings;
  private final SurveyRecords records;
  private final MessageSender sender;
  private final CustomerStore customers;
  private final ConversationStore conversations;
  private final TemplateMessages templates;
  private final TemplateContacts templateContacts;
  private final JourneyStarts journeys;
  private final ServiceWindows windows;

  SurveySteps(SurveySettingsStore settings, SurveyRecords records, MessageSender sender, CustomerStore customers,
      ConversationStore conversations, TemplateMessages templates, TemplateContacts templateContacts, JourneyStarts journeys,
      ServiceWindows windows) {
    this.windows = windows;
    this.settings = settings;
    this.records = records;
    this.sender = sender;
    this.customers = customers;
    this.conversations = conversations;
    this.templates = templates;
    this.templateContacts = templateContacts;
    this.journeys = journeys;
  }

  /** The number's settings at the close: enabled, delay, answer timeout, re-asks (the timers read them). */
  @Bean
  JavaDelegate loadSurveySettings() {
    return execution -> {
      SurveySettings s = settings.effective(number(execution));
      execution.setVariable(Variables.ENABLED, s.enabled());
      execution.setVariable(Variables.DELAY, s.delay().toString());
      execution.setVariable(Variables.ANSWER_TIMEOUT, s.answerTimeout().toString());
      execution.setVariable(Variables.MAX_REASKS, s.maxReasks());
      execution.setVariable(Variables.KIND, s.kind().name());
      execution.setVariable(Variables.REASKS, 0);
    };
  }

  /** A conversation of the customer on the number opened after the closed one (a new protocol, the bot): no survey. */
  @Bean
  JavaDelegate checkNewService() {
    return execution -> {
      long closed = conversationId(execution);
      boolean newer = conversations.findByCustomer(customerId(execution)).stream()
          .anyMatch(c -> c.id() > closed && c.phoneNumberId().equals(number(execution)));
      execution.setVariable(Variables.NEW_SERVICE, newer);
    };
  }

  @Bean
  JavaDelegate recordSurveyCancelled() {
    return execution -> records.notSent(service(execution, kind(execution)), Status.CANCELLED,
        "O cliente iniciou um novo atendimento antes do envio", ClockUtil.now().toInstant());
  }

  /**
   * The question, with the settings as they are now (a change applies to surveys not yet sent): free-form inside the
   * customer's 24-hour window (a list of the scale where WhatsApp allows it), else the survey template or a skip, as
   * the number says. A refusal of the template is recorded as the skip's reason; outages are retried.
   */
  @Bean
  JavaDelegate sendSurveyQuestion() {
    return execution -> {
      SurveySettings s = settings.effective(number(execution));
      execution.setVariable(Variables.KIND, s.kind().name());
      execution.setVariable(Variables.MAX_REASKS, s.maxReasks());
      execution.setVariable(Variables.ANSWER_TIMEOUT, s.answerTimeout().toString());
      execution.setVariable(Variables.FEEDBACK_ASKED, !s.feedbackQuestion().isBlank());
      Service service = service(execution, s.kind());
      Instant now = ClockUtil.now().toInstant();
      if (!s.enabled()) {
        skip(execution, service, "Pesquisa desativada no número antes do envio", now);
        return;
      }
      Customer customer = customers.findById(customerId(execution)).orElseThrow();
      String protocol = string(execution, ConversationProcess.Variables.PROTOCOL);
      if (windows.of(customer.id(), number(execution)).open(Instant.now())) {
        try {
          String sentAs = sendQuestion(execution, s, customer, protocol);
          records.sent(service, sentAs, now);
          execution.setVariable(Variables.QUESTION_SENT, true);
          return;
        } catch (OutsideServiceWindowException e) {
          // the window closed meanwhile: as outside it
        } catch (GraphApiException e) {
          if (e.transientError()) {
            throw e;
          }
          skip(execution, service, "O WhatsApp recusou a pergunta (erro " + e.code() + ": " + e.title() + ")", now);
          return;
        }
      }
      if (s.outsideWindow() == SurveySettings.OutsideWindow.SKIP) {
        skip(execution, service, "Janela de 24 horas fechada: o número não envia a pesquisa por template", now);
        return;
      }
      try {
        TemplateMessages.Prepared t = templates.prepare(TemplateMessages.Request.of(s.template().name(), s.template().language(),
            List.of(nameOf(customer), protocol == null ? "-" : protocol)));
        sender.sendTemplate(conversationId(execution), SendKeys.of(execution), BotMessages.SENDER,
            new PreparedTemplate(t.content(), t.preview().text(), t.category()));
      } catch (TemplateProblemException e) {
        skip(execution, service, "Janela de 24 horas fechada e o template da pesquisa não pode ser enviado: " + e.getMessage(), now);
        return;
      } catch (MessagingLimitReachedException e) {
        skip(execution, service, "Janela de 24 horas fechada e o limite de mensagens foi atingido: " + e.getMessage(), now);
        return;
      } catch (GraphApiException e) {
        if (e.transientError()) {
          throw e;
        }
        skip(execution, service, "Janela de 24 horas fechada e o WhatsApp recusou o template (erro " + e.code() + ": " + e.title() + ")",
            now);
        return;
      }
      templateContacts.record(customerId(execution), number(execution), TemplateContacts.Origin.SURVEY, Instant.now());
      records.sent(service, "TEMPLATE", now);
      execution.setVariable(Variables.QUESTION_SENT, true);
    };
  }

  /** The question again after an unexpected answer (the customer just wrote: the window is open). */
  @Bean
  JavaDelegate askSurveyAgain() {
    return execution -> {
      SurveySettings s = settings.effective(number(execution));
      Customer customer = customers.findById(customerId(execution)).orElseThrow();
      sendQuestion(execution, withKind(s, kind(execution)), customer, string(execution, ConversationProcess.Variables.PROTOCOL));
      execution.setVariable(Variables.REASKS, count(execution, Variables.REASKS) + 1);
    };
  }

  /** The customer's message to the question: a score (recorded), unexpected, or a new subject ({@link SurveyAnswers}). */
  @Bean
  JavaDelegate checkSurveyAnswer() {
    return execution -> {
      SurveyKind kind = kind(execution);
      SurveySettings s = settings.effective(number(execution));
      String answer = string(execution, ConversationProcess.Variables.ANSWER);
      Classified c = SurveyAnswers.classify(answer, kind,
          s.kind() == kind ? s.expectedAnswers() : kind.defaultExpectedAnswers());
      execution.setVariable(Variables.VERDICT, c.verdict().name());
      if (c.verdict() == SurveyAnswers.Verdict.SCORE) {
        execution.setVariable(Variables.SCORE, c.score());
        records.answered(execution.getProcessInstanceId(), c.score(), answer, ClockUtil.now().toInstant());
      }
    };
  }

  @Bean
  JavaDelegate sendSurveyFeedbackQuestion() {
    return execution -> courtesy(execution, () -> sender.sendText(conversationId(execution), SendKeys.of(execution), BotMessages.SENDER,
        settings.effective(number(execution)).feedbackQuestion()));
  }

  /**
   * The feedback question and the thanks: the score is already recorded, so WhatsApp refusing them for good (the
   * customer blocked the number meanwhile) is logged and the survey goes on; outages are retried.
   */
  private static void courtesy(DelegateExecution execution, Runnable send) {
    try {
      send.run();
    } catch (OutsideServiceWindowException e) {
      log.info("Survey {}: {} not sent, the 24-hour window is closed", execution.getProcessInstanceId(), execution.getCurrentActivityId());
    } catch (GraphApiException e) {
      if (e.transientError()) {
        throw e;
      }
      log.info("Survey {}: {} refused by WhatsApp ({})", execution.getProcessInstanceId(), execution.getCurrentActivityId(), e.code());
    }
  }

  /** Any text is the comment, but a plain "não"; media is no comment. */
  @Bean
  JavaDelegate recordSurveyComment() {
    return execution -> {
      String answer = string(execution, ConversationProcess.Variables.ANSWER);
      if (answer != null && !answer.isBlank() && !NO_COMMENT.contains(SurveyAnswers.normalize(answer))) {
        records.commented(execution.getProcessInstanceId(), answer.strip());
      }
    };
  }

  @Bean
  JavaDelegate sendSurveyThanks() {
    return execution -> {
      String thanks = settings.effective(number(execution)).thanks();
      if (!thanks.isBlank()) {
        courtesy(execution, () -> sender.sendText(conversationId(execution), SendKeys.of(execution), BotMessages.SENDER, thanks));
      }
    };
  }

  @Bean
  JavaDelegate recordSurveyUnanswered() {
    return execution -> records.unanswered(execution.getProcessInstanceId(), "Sem resposta no prazo");
  }

  @Bean
  JavaDelegate recordSurveyNotUnderstood() {
    return execution -> records.unanswered(execution.getProcessInstanceId(), "Respostas inesperadas demais");
  }

  /** A new subject instead of an answer: the survey ends unanswered and the message starts the number's journey. */
  @Bean
  JavaDelegate handSurveyMessageToJourney() {
    return execution -> {
      records.unanswered(execution.getProcessInstanceId(), "O cliente escreveu sobre outro assunto");
      Object messageId = execution.getVariable(ConversationProcess.Variables.CUSTOMER_MESSAGE_ID);
      journeys.start(customerId(execution), number(execution), ((Number) messageId).longValue());
      log.debug("Survey {} ended by a new subject; journey started", execution.getProcessInstanceId());
    };
  }

  private void skip(DelegateExecution execution, Service service, String reason, Instant now) {
    records.notSent(service, Status.SKIPPED, reason, now);
    execution.setVariable(Variables.QUESTION_SENT, false);
  }

  /** @return how it left: INTERACTIVE (a list of the scale) or TEXT */
  private String sendQuestion(DelegateExecution execution, SurveySettings s, Customer customer, String protocol) {
    String text = s.questionFor(nameOf(customer), protocol);
    List<String> labels = s.kind().labels();
    if (!labels.isEmpty() && text.length() <= 4096) {
      List<Interactive.Row> rows = new ArrayList<>();
      for (int i = 0; i < labels.size(); i++) {
        int score = s.kind().min() + i;
        rows.add(new Interactive.Row("survey:" + score, String.valueOf(score), labels.get(i)));
      }
      sender.sendInteractive(conversationId(execution), SendKeys.of(execution), BotMessages.SENDER,
          Interactive.list(text, "Escolher nota", List.of(new Interactive.Section(null, rows))));
      return "INTERACTIVE";
    }
    sender.sendText(conversationId(execution), SendKeys.of(execution), BotMessages.SENDER, text);
    return "TEXT";
  }

  private static SurveySettings withKind(SurveySettings s, SurveyKind kind) {
    return s.kind() == kind ? s : SurveySettingsStore.merge(s.phoneNumberId(),
        new SurveySettingsStore.Stored(s.enabled(), kind, null, null, null, null, null, null, null, null, null), false);
  }

  private static String nameOf(Customer c) {
    String name = c.profileName() != null && !c.profileName().isBlank() ? c.profileName().strip() : "cliente";
    return name.split("\\s+")[0];
  }

  private static Service service(DelegateExecution e, SurveyKind kind) {
    return new Service(e.getProcessInstanceId(), conversationId(e), string(e, ConversationProcess.Variables.PROTOCOL), customerId(e),
        number(e), string(e, ConversationProcess.Variables.AGENT_ID), string(e, ConversationProcess.Variables.QUEUE), kind);
  }

  private static SurveyKind kind(DelegateExecution e) {
    String kind = string(e, Variables.KIND);
    return kind == null ? SurveyKind.CSAT : SurveyKind.valueOf(kind.toUpperCase(Locale.ROOT));
  }

  private static long conversationId(DelegateExecution e) {
    return ((Number) e.getVariable(ConversationProcess.Variables.CONVERSATION_ID)).longValue();
  }

  private static long customerId(DelegateExecution e) {
    return ((Number) e.getVariable(ConversationProcess.Variables.CUSTOMER_ID)).longValue();
  }

  private static String number(DelegateExecution e) {
    return string(e, ConversationProcess.Variables.PHONE_NUMBER_ID);
  }

  private static String string(DelegateExecution e, String name) {
    Object v = e.getVariable(name);
    return v == null ? null : v.toString();
  }

  private static int count(DelegateExecution e, String name) {
    return e.getVariable(name) instanceof Number n ? n.intValue() : 0;
  }
}
