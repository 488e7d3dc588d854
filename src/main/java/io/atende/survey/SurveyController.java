package io.atende.survey;

import io.atende.agent.AgentsProperties;
import io.atende.platform.CurrentUser;
import io.atende.survey.SurveyResults.GroupBy;
import io.atende.survey.SurveySettings.OutsideWindow;
import io.atende.survey.SurveySettings.Template;
import io.atende.template.TemplateMessages;
import io.atende.template.TemplateProblemException;
import io.atende.whatsapp.WhatsAppProperties;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/surveys}: the survey settings per WhatsApp number (administrators and supervisors) and the results (any
 * user), as JSON or CSV. Errors are RFC 9457 problem details ({@link SurveyErrors}).
 */
@RestController
@RequestMapping("/api/surveys")
class SurveyController {

  private static final Duration MAX_DURATION = Duration.ofDays(7);
  private static final int MAX_TEXT = 1024;

  /** A PUT body: every field optional; an omitted one keeps its kind's default ({@code enabled}: as it was). */
  record SettingsRequest(Boolean enabled, String kind, String delay, String question, Map<String, Integer> expectedAnswers,
      String feedbackQuestion, String thanks, Integer maxReasks, String answerTimeout, String outsideWindow, Template template) {}

  record Scale(int min, int max) {}

  record SettingsView(String phoneNumberId, String displayPhoneNumber, boolean enabled, String kind, Scale scale, String delay,
      String question, Map<String, Integer> expectedAnswers, String feedbackQuestion, String thanks, int maxReasks,
      String answerTimeout, String outsideWindow, Template template, boolean customized) {}

  record ResultsView(Instant from, Instant to, String groupBy, List<SurveyResults.Group> groups) {}

  record AnswerView(String protocol, String phoneNumberId, String agent, String queue, String kind, String status, String sentAs,
      Integer score, String answer, String comment, String reason, Instant sentAt, Instant answeredAt) {}

  private final SurveySettingsStore settings;
  private final SurveyResults results;
  private final WhatsAppProperties whatsapp;
  private final AgentsProperties agents;
  private final TemplateMessages templates;
  private final ZoneId zone;

  SurveyController(SurveySettingsStore settings, SurveyResults results, WhatsAppProperties whatsapp, AgentsProperties agents,
      TemplateMessages templates, @Value("${atende.surveys.zone:America/Sao_Paulo}") ZoneId zone) {
    this.settings = settings;
    this.results = results;
    this.whatsapp = whatsapp;
    this.agents = agents;
    this.templates = templates;
    this.zone = zone;
  }

  /** Every business number with its settings (what the page lists). */
  @GetMapping("/settings")
  List<SettingsView> all(CurrentUser user) {
    mayConfigure(user);
    return whatsapp.numbers().stream().map(n -> view(settings.effective(n.phoneNumberId()))).toList();
  }

  @GetMapping("/settings/{phoneNumberId}")
  SettingsView get(@PathVariable String phoneNumberId, CurrentUser user) {
    mayConfigure(user);
    knownNumber(phoneNumberId);
    return view(settings.effective(phoneNumberId));
  }

  @PutMapping("/settings/{phoneNumberId}")
  SettingsView put(@PathVariable String phoneNumberId, @RequestBody SettingsRequest body, CurrentUser user) {
    mayConfigure(user);
    knownNumber(phoneNumberId);
    if (body == null) {
      throw SurveyProblem.badRequest(null, "Envie as configurações da pesquisa em JSON.");
    }
    SurveyKind kind = kind(body.kind());
    boolean enabled = body.enabled() != null ? body.enabled() : settings.effective(phoneNumberId).enabled();
    Template template = template(body.template());
    SurveySettingsStore.Stored stored = new SurveySettingsStore.Stored(enabled, kind,
        duration("delay", body.delay(), Duration.ZERO),
        text("question", body.question(), false),
        expected(kind, body.expectedAnswers()),
        text("feedbackQuestion", body.feedbackQuestion(), true),
        text("thanks", body.thanks(), true),
        reasks(body.maxReasks()),
        duration("answerTimeout", body.answerTimeout(), Duration.ofMinutes(1)),
        outsideWindow(body.outsideWindow()),
        template);
    settings.save(phoneNumberId, stored, user.id());
    return view(settings.effective(phoneNumberId));
  }

  @GetMapping("/results")
  ResponseEntity<?> results(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
      @RequestParam(defaultValue = "number") String groupBy, @RequestParam(required = false) String format) {
    Instant[] period = period(from, to);
    GroupBy by = groupBy(groupBy);
    List<SurveyResults.Group> groups = results.of(period[0], period[1], by);
    if (csv(format)) {
      StringBuilder out = new StringBuilder("grupo;tipo;enviadas;respondidas;taxa_de_resposta;nota\n");
      for (SurveyResults.Group g : groups) {
        out.append(cell(g.group())).append(';').append(g.kind()).append(';').append(g.sent()).append(';').append(g.answered())
            .append(';').append(decimal(g.answerRate())).append(';').append(decimal(g.score())).append('\n');
      }
      return csvResponse("pesquisas-resultados.csv", out);
    }
    return ResponseEntity.ok(new ResultsView(period[0], period[1], by.name().toLowerCase(Locale.ROOT), groups));
  }

  /** Each survey sent in the period with its answer and comment (the page's table; CSV export). */
  @GetMapping("/answers")
  ResponseEntity<?> answers(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
      @RequestParam(required = false) String format) {
    Instant[] period = period(from, to);
    List<AnswerView> rows = results.answers(period[0], period[1]).stream()
        .map(r -> new AnswerView(r.protocol(), r.phoneNumberId(), r.agent(), r.queue(), r.kind().name(), r.status().name(), r.sentAs(),
            r.score(), r.answer(), r.comment(), r.reason(), r.sentAt(), r.answeredAt()))
        .toList();
    if (csv(format)) {
      StringBuilder out = new StringBuilder("protocolo;numero;agente;fila;tipo;situacao;nota;comentario;enviada_em;respondida_em\n");
      for (AnswerView a : rows) {
        out.append(cell(a.protocol())).append(';').append(cell(a.phoneNumberId())).append(';').append(cell(a.agent())).append(';')
            .append(cell(a.queue())).append(';').append(a.kind()).append(';').append(a.status()).append(';')
            .append(a.score() == null ? "" : a.score()).append(';').append(cell(a.comment())).append(';')
            .append(a.sentAt() == null ? "" : a.sentAt()).append(';').append(a.answeredAt() == null ? "" : a.answeredAt()).append('\n');
      }
      return csvResponse("pesquisas-respostas.csv", out);
    }
    return ResponseEntity.ok(rows);
  }

  private void mayConfigure(CurrentUser user) {
    if (user == null || !(user.isAdministrator() || user.isMemberOf(agents.supervisorGroup()))) {
      throw new SurveyProblem(HttpStatus.FORBIDDEN, null,
          "Só administradores e supervisores veem e mudam as configurações da pesquisa.");
    }
  }

  private void knownNumber(String phoneNumberId) {
    if (whatsapp.number(phoneNumberId).isEmpty()) {
      throw new SurveyProblem(HttpStatus.NOT_FOUND, "phoneNumberId",
          "O número " + phoneNumberId + " não é um número de WhatsApp desta empresa.");
    }
  }

  private SettingsView view(SurveySettings s) {
    String display = whatsapp.number(s.phoneNumberId()).map(WhatsAppProperties.BusinessNumber::displayPhoneNumber).orElse(null);
    return new SettingsView(s.phoneNumberId(), display, s.enabled(), s.kind().name(), new Scale(s.kind().min(), s.kind().max()),
        s.delay().toString(), s.question(), s.expectedAnswers(), s.feedbackQuestion(), s.thanks(), s.maxReasks(),
        s.answerTimeout().toString(), s.outsideWindow().name(), s.template(), s.customized());
  }

  private static SurveyKind kind(String kind) {
    if (kind == null) {
      return SurveyKind.CSAT;
    }
    try {
      return SurveyKind.valueOf(kind.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw SurveyProblem.badRequest("kind", "O tipo da pesquisa é CSAT, NPS ou CES; veio '" + kind + "'.");
    }
  }

  private static Duration duration(String field, String value, Duration min) {
    if (value == null) {
      return null;
    }
    Duration d;
    try {
      d = Duration.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw SurveyProblem.badRequest(field, field + " é uma duração ISO 8601, como PT30M ou PT24H; veio '" + value + "'.");
    }
    if (d.compareTo(min) < 0 || d.compareTo(MAX_DURATION) > 0) {
      throw SurveyProblem.badRequest(field, field + " deve ficar entre " + min + " e " + MAX_DURATION + "; veio " + value + ".");
    }
    return d;
  }

  private static String text(String field, String value, boolean mayBeEmpty) {
    if (value == null) {
      return null;
    }
    if (!mayBeEmpty && value.isBlank()) {
      throw SurveyProblem.badRequest(field, field + " não pode ficar vazio (omita o campo para usar o texto padrão).");
    }
    if (value.length() > MAX_TEXT) {
      throw SurveyProblem.badRequest(field, field + " tem " + value.length() + " caracteres; o máximo é " + MAX_TEXT + ".");
    }
    return value.strip();
  }

  private static Map<String, Integer> expected(SurveyKind kind, Map<String, Integer> answers) {
    if (answers == null) {
      return null;
    }
    if (answers.size() > 50) {
      throw SurveyProblem.badRequest("expectedAnswers", "No máximo 50 respostas esperadas.");
    }
    Map<String, Integer> clean = new LinkedHashMap<>();
    answers.forEach((word, score) -> {
      if (word == null || word.isBlank() || word.length() > 50) {
        throw SurveyProblem.badRequest("expectedAnswers", "Cada resposta esperada é uma palavra ou emoji de 1 a 50 caracteres.");
      }
      if (score == null || !kind.inScale(score)) {
        throw SurveyProblem.badRequest("expectedAnswers", "A resposta '" + word + "' vale " + score + ", fora da escala do " + kind
            + " (" + kind.min() + " a " + kind.max() + ").");
      }
      clean.put(word.strip(), score);
    });
    return clean;
  }

  private static Integer reasks(Integer maxReasks) {
    if (maxReasks != null && (maxReasks < 0 || maxReasks > 5)) {
      throw SurveyProblem.badRequest("maxReasks", "maxReasks vai de 0 a 5; veio " + maxReasks + ".");
    }
    return maxReasks;
  }

  private static OutsideWindow outsideWindow(String value) {
    if (value == null) {
      return null;
    }
    try {
      return OutsideWindow.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw SurveyProblem.badRequest("outsideWindow", "outsideWindow é TEMPLATE ou SKIP; veio '" + value + "'.");
    }
  }

  /** A template given must be approved and take the customer's name and the protocol ({{1}}, {{2}}). */
  private Template template(Template template) {
    if (template == null) {
      return null;
    }
    if (template.name() == null || template.name().isBlank() || template.language() == null || template.language().isBlank()) {
      throw SurveyProblem.badRequest("template", "Informe o nome e o idioma do template da pesquisa.");
    }
    try {
      templates.prepare(TemplateMessages.Request.of(template.name().trim(), template.language().trim(), List.of("Ana", "20260101-000001")));
    } catch (TemplateProblemException e) {
      throw SurveyProblem.badRequest("template", "O template " + template.name() + " (" + template.language()
          + ") não serve para a pesquisa: " + e.getMessage());
    }
    return new Template(template.name().trim(), template.language().trim());
  }

  private Instant[] period(String from, String to) {
    // the engine's clock: what the survey steps record with (the same as the system's, except in tests that move it)
    Instant end = to == null || to.isBlank() ? ClockUtil.now().toInstant().plusSeconds(1) : instant("to", to, true);
    Instant start = from == null || from.isBlank() ? end.minus(Duration.ofDays(30)) : instant("from", from, false);
    if (!start.isBefore(end)) {
      throw SurveyProblem.badRequest("from", "O início do período (from) deve ser antes do fim (to).");
    }
    return new Instant[] {start, end};
  }

  /** A date (YYYY-MM-DD, in the service's zone; {@code to} includes the whole day) or an instant. */
  private Instant instant(String field, String value, boolean endOfDay) {
    try {
      if (value.length() == 10) {
        LocalDate date = LocalDate.parse(value);
        return (endOfDay ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
      }
      return Instant.parse(value);
    } catch (DateTimeException e) {
      throw SurveyProblem.badRequest(field, field + " é uma data (2026-12-31) ou um instante ISO 8601; veio '" + value + "'.");
    }
  }

  private static GroupBy groupBy(String value) {
    try {
      return GroupBy.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw SurveyProblem.badRequest("groupBy", "groupBy é number, agent ou queue; veio '" + value + "'.");
    }
  }

  private static boolean csv(String format) {
    return "csv".equalsIgnoreCase(format);
  }

  private static ResponseEntity<String> csvResponse(String file, StringBuilder body) {
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"")
        .body("\uFEFF" + body);
  }

  private static String decimal(Double d) {
    return d == null ? "" : String.valueOf(d).replace('.', ',');
  }

  /** A CSV cell: quoted when it holds the separator, quotes or a line break; formulas neutralised. */
  private static String cell(String value) {
    if (value == null) {
      return "";
    }
    String v = value;
    if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    if (v.contains(";") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      v = "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}
