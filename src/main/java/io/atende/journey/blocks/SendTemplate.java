package io.atende.journey.blocks;

import io.atende.conversation.MessageSender.TemplateRequest;
import io.atende.journey.BotMessages;
import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

/**
 * Block "Enviar modelo aprovado" ({@code ${sendTemplate}}): sends the WhatsApp template named by field {@code template}
 * in field {@code language} ({@code pt_BR} when empty), its body variables from field {@code parameters}: one per
 * line, in order, each with {@code {variables}}. A template may be sent outside the customer's 24-hour window.
 *
 * <p>Integration point: the template registry ({@code io.atende.template}) is not on main yet. Meta refuses an unknown
 * or unapproved template or a wrong number of variables when the send is made (an incident, see
 * {@code PermanentFailuresRaiseIncidents}); once the registry is there, {@link BlockRules} should check the name,
 * language, approval and the number of variables at deploy time as it checks queues.
 */
@Component(Blocks.Beans.SEND_TEMPLATE)
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public class SendTemplate implements JavaDelegate {

  static final String DEFAULT_LANGUAGE = "pt_BR";

  private final BotMessages bot;
  private Expression template;
  private Expression language;
  private Expression parameters;

  SendTemplate(BotMessages bot) {
    this.bot = bot;
  }

  public void setTemplate(Expression template) {
    this.template = template;
  }

  public void setLanguage(Expression language) {
    this.language = language;
  }

  public void setParameters(Expression parameters) {
    this.parameters = parameters;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String name = BlockField.required(template, Blocks.Fields.TEMPLATE, execution).trim();
    String code = BlockField.value(language, execution);
    List<String> values = lines(BlockField.value(parameters, execution)).stream().map(line -> SendText.fill(line, execution)).toList();
    bot.sendTemplate(execution, TemplateRequest.of(name, code == null || code.isBlank() ? DEFAULT_LANGUAGE : code.trim(), values));
  }

  /** The parameter lines of field {@code parameters}, blank lines left out. */
  static List<String> lines(String parameters) {
    return parameters == null ? List.of() : Arrays.stream(parameters.split("\\R")).map(String::trim).filter(l -> !l.isEmpty()).toList();
  }
}
