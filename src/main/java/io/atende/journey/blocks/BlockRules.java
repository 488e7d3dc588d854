package io.atende.journey.blocks;

import static org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS;

import io.atende.journey.MenuOptions;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * What a block needs to run, checked when its model is deployed, so that a mistake is refused with the element and
 * the reason instead of surfacing in a customer's conversation: a missing or malformed text ({@link TextTemplate}),
 * a bad ISO-8601 duration, a menu decision or queue that does not exist, a send that is not asynchronous, a field
 * written as an expression. Works on the XML the engine parses ({@link BlockRulesPlugin}); blocks are recognised by
 * their delegate expression ({@code ${sendText}}...) and, for "ask and wait", by the called process.
 */
class BlockRules {

  private static final Set<String> SENDS = Set.of(Blocks.Beans.SEND_TEXT, Blocks.Beans.SHOW_MENU, Blocks.Beans.SEND_TEMPLATE);
  private static final Set<String> CONTAINERS = Set.of("subProcess", "transaction", "adHocSubProcess");
  private static final Pattern DELEGATE = Pattern.compile("\\$\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}");
  /** Meta's rule for template names: lower-case letters, digits and underscores. */
  private static final Pattern TEMPLATE_NAME = Pattern.compile("[a-z0-9_]{1,512}");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(_[A-Z]{2})?");

  /** A block with what is wrong with it. */
  record Problem(Element element, String elementId, String reason) {
    String describe() {
      return "element '" + elementId + "': " + reason;
    }
  }

  private final QueueDirectory queues;
  private final Predicate<String> decisionExists;

  BlockRules(QueueDirectory queues, Predicate<String> decisionExists) {
    this.queues = queues;
    this.decisionExists = decisionExists;
  }

  /** Whether the delegate expression names a block that sends to the customer. */
  static boolean isSend(String delegateExpression) {
    var bean = DELEGATE.matcher(delegateExpression.trim());
    return bean.matches() && SENDS.contains(bean.group(1));
  }

  /** The problems of every block in the process (or sub-process) element, in document order. */
  List<Problem> problemsOf(Element scope) {
    List<Problem> problems = new ArrayList<>();
    for (Element element : scope.elements()) {
      String tag = element.getTagName();
      if (CONTAINERS.contains(tag)) {
        problems.addAll(problemsOf(element));
      } else if ("callActivity".equals(tag)) {
        checkCallActivity(element, problems);
      } else {
        checkDelegate(element, problems);
      }
    }
    return problems;
  }

  private void checkDelegate(Element element, List<Problem> problems) {
    String expression = element.attributeNS(CAMUNDA_BPMN_EXTENSIONS_NS, "delegateExpression");
    var bean = expression == null ? null : DELEGATE.matcher(expression.trim());
    if (bean == null || !bean.matches()) {
      return;
    }
    String name = bean.group(1);
    Reporter report = reason -> problems.add(new Problem(element, element.attribute("id"), reason));
    if (SENDS.contains(name) && !isAsyncBefore(element)) {
      report.add("a send must be asynchronous: tick 'Asynchronous before' (the block's template does)");
    }
    Fields fields = new Fields(element, report);
    switch (name) {
      case Blocks.Beans.SEND_TEXT -> {
        String text = fields.get(Blocks.Fields.TEXT);
        String variable = fields.get(Blocks.Fields.TEXT_VARIABLE);
        if (text == null && variable == null) {
          report.add("the text to send is missing (field '" + Blocks.Fields.TEXT + "')");
        } else if (text != null && variable != null) {
          report.add("give the text (field '" + Blocks.Fields.TEXT + "') or the variable that holds it, not both");
        } else if (text != null) {
          text(text, "the text", report);
        } else {
          variableName(variable, Blocks.Fields.TEXT_VARIABLE, report);
        }
      }
      case Blocks.Beans.ADD_TO_NOTES -> {
        String text = fields.get(Blocks.Fields.TEXT);
        if (text == null) {
          report.add("the text to note is missing (field '" + Blocks.Fields.TEXT + "')");
        } else {
          text(text, "the text", report);
        }
      }
      case Blocks.Beans.SHOW_MENU -> {
        String header = fields.get(Blocks.Fields.HEADER);
        if (header == null) {
          report.add("the line above the options is missing (field '" + Blocks.Fields.HEADER + "')");
        } else {
          text(header, "the header", report);
        }
        String decision = Optional.ofNullable(fields.get(Blocks.Fields.DECISION)).map(String::trim).orElse(MenuOptions.DECISION_KEY);
        if (!decisionExists.test(decision)) {
          report.add("the menu decision '" + decision + "' does not exist; deploy its .dmn in processes/ or fix the name");
        }
      }
      case Blocks.Beans.MATCH_MENU_OPTION -> {
        String variable = fields.get(Blocks.Fields.ANSWER_VARIABLE);
        if (variable == null) {
          report.add("say which variable holds the answer (field '" + Blocks.Fields.ANSWER_VARIABLE + "')");
        } else {
          variableName(variable, Blocks.Fields.ANSWER_VARIABLE, report);
        }
        String decision = Optional.ofNullable(fields.get(Blocks.Fields.DECISION)).map(String::trim).orElse(MenuOptions.DECISION_KEY);
        if (!decisionExists.test(decision)) {
          report.add("the menu decision '" + decision + "' does not exist; deploy its .dmn in processes/ or fix the name");
        }
        String misses = fields.get(Blocks.Fields.MAX_MISSES);
        if (misses != null && !misses.trim().matches("[1-9]\\d?")) {
          report.add("'" + misses + "' misses: give a whole number from 1 to 99 (field '" + Blocks.Fields.MAX_MISSES + "')");
        }
        String queue = fields.get(Blocks.Fields.DEFAULT_QUEUE);
        if (queue == null) {
          report.add("say which queue takes a customer who chose nothing (field '" + Blocks.Fields.DEFAULT_QUEUE + "')");
        } else if (queues.nameOf(queue.trim()).isEmpty()) {
          report.add("the queue '" + queue.trim() + "' does not exist; create it (a group in Camunda Admin, or atende.agents.queues) or fix the name");
        }
      }
      case Blocks.Beans.CHECK_DOCUMENT -> {
        String variable = fields.get(Blocks.Fields.ANSWER_VARIABLE);
        if (variable == null) {
          report.add("say which variable holds the answer to check (field '" + Blocks.Fields.ANSWER_VARIABLE + "')");
        } else {
          variableName(variable, Blocks.Fields.ANSWER_VARIABLE, report);
        }
        String attempts = fields.get(Blocks.Fields.MAX_ATTEMPTS);
        if (attempts != null && !attempts.trim().matches("[1-9]\\d?")) {
          report.add("'" + attempts + "' attempts: give a whole number from 1 to 99 (field '" + Blocks.Fields.MAX_ATTEMPTS + "')");
        }
      }
      case Blocks.Beans.HAND_OVER_TO_QUEUE -> {
        String queue = fields.get(Blocks.Fields.QUEUE);
        if (queue == null) {
          report.add("say which queue (field '" + Blocks.Fields.QUEUE + "')");
        } else if (queues.nameOf(queue.trim()).isEmpty()) {
          report.add("the queue '" + queue.trim() + "' does not exist; create it (a group in Camunda Admin, or atende.agents.queues) or fix the name");
        }
      }
      case Blocks.Beans.SEND_TEMPLATE -> {
        String template = fields.get(Blocks.Fields.TEMPLATE);
        if (template == null) {
          report.add("say which approved template to send (field '" + Blocks.Fields.TEMPLATE + "')");
        } else if (!TEMPLATE_NAME.matcher(template.trim()).matches()) {
          report.add("'" + template.trim() + "' is not a WhatsApp template name (lower-case letters, digits and _)");
        }
        String language = fields.get(Blocks.Fields.LANGUAGE);
        if (language != null && !LANGUAGE.matcher(language.trim()).matches()) {
          report.add("'" + language.trim() + "' is not a template language code such as pt_BR or en");
        }
        for (String line : SendTemplate.lines(fields.get(Blocks.Fields.PARAMETERS))) {
          text(line, "the template variable", report);
        }
      }
      default -> {
        // not a block with properties
      }
    }
  }

  private void checkCallActivity(Element element, List<Problem> problems) {
    if (!Blocks.ASK_AND_WAIT.equals(element.attribute("calledElement"))) {
      return;
    }
    Reporter report = reason -> problems.add(new Problem(element, element.attribute("id"), reason));
    Element extensions = element.element("extensionElements");
    List<Element> ins = extensions == null ? List.of() : extensions.elementsNS(CAMUNDA_BPMN_EXTENSIONS_NS, "in");
    List<Element> outs = extensions == null ? List.of() : extensions.elementsNS(CAMUNDA_BPMN_EXTENSIONS_NS, "out");
    String question = inExpression(ins, Blocks.AskAndWait.QUESTION);
    if (question == null || question.isBlank()) {
      report.add("the question is missing (input '" + Blocks.AskAndWait.QUESTION + "')");
    } else {
      text(question, "the question", report);
    }
    Duration reminder = duration(inExpression(ins, Blocks.AskAndWait.REMINDER_AFTER), "the reminder delay", report);
    Duration giveUp = duration(inExpression(ins, Blocks.AskAndWait.GIVE_UP_AFTER), "the give-up delay", report);
    if (reminder != null && giveUp != null && giveUp.compareTo(reminder) <= 0) {
      report.add("the give-up delay (" + giveUp + ") must be longer than the reminder delay (" + reminder
          + "); both count from the question");
    }
    for (String optional : List.of(Blocks.AskAndWait.REMINDER_TEXT, Blocks.AskAndWait.GOODBYE_TEXT)) {
      String text = inExpression(ins, optional);
      if (text == null || text.isBlank()) {
        report.add("the text '" + optional + "' is missing");
      } else {
        text(text, "the text '" + optional + "'", report);
      }
    }
    String menu = inExpression(ins, Blocks.AskAndWait.MENU);
    if (menu != null && !menu.isBlank() && !decisionExists.test(menu.trim())) {
      report.add("the menu decision '" + menu.trim() + "' does not exist; deploy its .dmn in processes/ or fix the name");
    }
    List<Element> answer = outs.stream().filter(o -> Blocks.AskAndWait.ANSWER_TEXT.equals(o.attribute("source"))).toList();
    if (answer.size() != 1) {
      report.add("say once which variable receives the answer (output of '" + Blocks.AskAndWait.ANSWER_TEXT + "')");
    } else {
      variableName(answer.get(0).attribute("target"), "the answer's variable", report);
    }
  }

  /** The value a {@code camunda:in} hands to {@code target}: its source expression (a fixed text is one too). */
  private static String inExpression(List<Element> ins, String target) {
    return ins.stream().filter(in -> target.equals(in.attribute("target"))).map(in -> in.attribute("sourceExpression"))
        .filter(v -> v != null).findFirst().orElse(null);
  }

  private static Duration duration(String value, String what, Reporter report) {
    if (value == null || value.isBlank()) {
      report.add(what + " is missing");
      return null;
    }
    try {
      Duration duration = Duration.parse(value.trim());
      if (duration.isNegative() || duration.isZero()) {
        report.add(what + " '" + value + "' must be longer than zero");
        return null;
      }
      return duration;
    } catch (DateTimeParseException e) {
      report.add(what + " '" + value + "' is not an ISO-8601 duration; write e.g. PT30S, PT5M, PT1H or P1D");
      return null;
    }
  }

  private static void text(String text, String what, Reporter report) {
    TextTemplate.check(text).ifPresent(problem -> report.add(what + ": " + problem));
  }

  private static void variableName(String name, String what, Reporter report) {
    if (name == null || !TextTemplate.VARIABLE_NAME.matcher(name.trim()).matches()) {
      report.add(what + ": '" + name + "' is not a variable name (letters, digits and _, not starting with a digit)");
    }
  }

  private static boolean isAsyncBefore(Element element) {
    return "true".equals(element.attributeNS(CAMUNDA_BPMN_EXTENSIONS_NS, "asyncBefore"))
        || "true".equals(element.attributeNS(CAMUNDA_BPMN_EXTENSIONS_NS, "async"));
  }

  @FunctionalInterface
  private interface Reporter {
    void add(String reason);
  }

  /** The element's {@code camunda:field}s as fixed strings; an expression is reported, since blocks take fixed texts. */
  private static final class Fields {
    private final Element element;
    private final Reporter report;

    Fields(Element element, Reporter report) {
      this.element = element;
      this.report = report;
    }

    /** The field's fixed string, or null when it is absent or blank. */
    String get(String name) {
      Element extensions = element.element("extensionElements");
      if (extensions == null) {
        return null;
      }
      for (Element field : extensions.elementsNS(CAMUNDA_BPMN_EXTENSIONS_NS, "field")) {
        if (!name.equals(field.attribute("name"))) {
          continue;
        }
        Element expressionChild = field.elementNS(CAMUNDA_BPMN_EXTENSIONS_NS, "expression");
        if (field.attribute("expression") != null || expressionChild != null) {
          report.add("field '" + name + "' must be a fixed text, not an expression");
          return null;
        }
        String value = field.attribute("stringValue");
        if (value == null) {
          Element string = field.elementNS(CAMUNDA_BPMN_EXTENSIONS_NS, "string");
          value = string == null ? null : string.getText();
        }
        return value == null || value.isBlank() ? null : value;
      }
      return null;
    }
  }
}
