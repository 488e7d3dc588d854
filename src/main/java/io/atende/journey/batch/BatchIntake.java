package io.atende.journey.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atende.conversation.PhoneNumbers;
import io.atende.journey.batch.Sheets.SheetException;
import io.atende.journey.outreach.AgentNumbers;
import io.atende.platform.CurrentUser;
import io.atende.template.TemplateMessages;
import io.atende.template.TemplateProblemException;
import io.atende.template.TemplateRecord;
import io.atende.whatsapp.WhatsAppProperties;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes a filled sheet in (R22): checks who may send from the number, that the template is approved, the sheet's
 * columns, then each row as it streams by (phone by libphonenumber to E.164 with Brazil's ninth digit, every variable
 * filled and acceptable to Meta, the same phone twice); bad rows are reported with their number and reason and never
 * sent, good rows are queued. A sheet that cannot be read, has the wrong columns, no rows or no good row queues
 * nothing. Creating the batch and starting its process is one transaction.
 */
@Service
class BatchIntake {

  /** What the person sending asked for. */
  record Upload(String phoneNumberId, String template, String language, String title) {}

  record RowProblem(int row, String phone, String reason) {}

  /** The row check: good rows, bad rows (the first {@link #PROBLEMS_SHOWN} of them), and recipients in service now. */
  record Check(int total, int invalid, int inService, List<RowProblem> problems) {}

  /** The whole request or file is refused; nothing queued. {@code forbidden} for a number not enabled for the user. */
  static final class Refused extends RuntimeException {
    final boolean forbidden;
    final Check check;

    Refused(String message, boolean forbidden, Check check) {
      super(message);
      this.forbidden = forbidden;
      this.check = check;
    }
  }

  static final int PROBLEMS_SHOWN = 1000;
  private static final int CHUNK = 500;

  private final BatchStore store;
  private final TemplateMessages templates;
  private final AgentNumbers agentNumbers;
  private final WhatsAppProperties whatsapp;
  private final BatchProperties properties;
  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final RuntimeService runtime;
  private final IdentityService identity;
  private final ObjectMapper json = new ObjectMapper();

  BatchIntake(BatchStore store, TemplateMessages templates, AgentNumbers agentNumbers, WhatsAppProperties whatsapp,
      BatchProperties properties, JdbcClient jdbc, TransactionTemplate transactions, RuntimeService runtime, IdentityService identity) {
    this.store = store;
    this.templates = templates;
    this.agentNumbers = agentNumbers;
    this.whatsapp = whatsapp;
    this.properties = properties;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.runtime = runtime;
    this.identity = identity;
  }

  /** Whether the user may send batches at all (some number enabled for them). */
  boolean maySend(CurrentUser user) {
    return whatsapp.numbers().stream().anyMatch(n -> mayUse(user, n.phoneNumberId()));
  }

  boolean mayUse(CurrentUser user, String phoneNumberId) {
    return phoneNumberId != null && agentNumbers.enabled(user.id(), user.groupIds(), phoneNumberId);
  }

  void checkAllowed(CurrentUser user) {
    if (!maySend(user)) {
      throw new Refused(properties.texts().notAllowed(), true, null);
    }
  }

  /** The model's header: phone, name, one column per variable of the (approved) template, in its order. */
  List<String> columns(String template, String language) {
    TemplateRecord t = approvedTemplate(template, language);
    List<String> columns = new ArrayList<>();
    columns.add(properties.texts().phoneColumn());
    columns.add(properties.texts().nameColumn());
    t.variables().forEach(v -> columns.add(templates.label(t, v)));
    return columns;
  }

  /** The row check alone: nothing is stored. */
  Check check(CurrentUser user, Upload upload, Path file) {
    checkRequest(user, upload, false);
    return read(upload, file, null, null);
  }

  /** Checks and queues; returns the new batch's id. */
  long create(CurrentUser user, Upload upload, Path file) {
    checkRequest(user, upload, true);
    return transactions.execute(tx -> {
      long id = store.create(upload.title().trim(), upload.phoneNumberId(), upload.template(), upload.language(), user.id(), Instant.now());
      Check check = read(upload, file, id, store);
      if (check.total() == 0) {
        tx.setRollbackOnly();
        throw new Refused(properties.texts().noGoodRows(), false, check);
      }
      store.setCounts(id, check.total(), check.invalid(), check.inService());
      String instance = asService(() -> runtime.startProcessInstanceByKey(BatchProcess.KEY, BatchProcess.businessKey(id),
          Map.of(BatchProcess.Variables.BATCH_ID, id))).getId();
      store.attachProcess(id, instance);
      return id;
    });
  }

  /** Runs engine calls as the service: the batch's own checks have been made; users get no grants on the process. */
  <T> T asService(java.util.function.Supplier<T> call) {
    Authentication saved = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      return call.get();
    } finally {
      if (saved != null) {
        identity.setAuthentication(saved);
      }
    }
  }

  private void checkRequest(CurrentUser user, Upload upload, boolean titleNeeded) {
    BatchProperties.Texts texts = properties.texts();
    if (upload.phoneNumberId() == null || whatsapp.number(upload.phoneNumberId()).isEmpty() || !mayUse(user, upload.phoneNumberId())) {
      throw new Refused(BatchProperties.fill(texts.numberNotEnabled(), "number", upload.phoneNumberId()), true, null);
    }
    if (titleNeeded) {
      if (upload.title() == null || upload.title().isBlank()) {
        throw new Refused(texts.titleMissing(), false, null);
      }
      if (upload.title().trim().length() > 200) {
        throw new Refused(texts.titleTooLong(), false, null);
      }
    }
    approvedTemplate(upload.template(), upload.language());
  }

  private TemplateRecord approvedTemplate(String name, String language) {
    try {
      templates.prepare(TemplateMessages.Request.of(name, language, List.of()));
    } catch (TemplateProblemException e) {
      switch (e.problem()) {
        case UNKNOWN_TEMPLATE, LANGUAGE_NOT_AVAILABLE, NOT_APPROVED, HEADER_NOT_SUPPORTED -> throw e;
        case HEADER_MEDIA_MISSING, HEADER_MEDIA_WRONG -> throw new Refused(properties.texts().mediaHeader(), false, null);
        default -> { /* an approved template that wants its variables: the sheet brings them */ }
      }
    }
    return templates.find(name, language).orElseThrow();
  }

  /** Streams the sheet through the row check; with a batch id, stores good and bad rows as they come. */
  private Check read(Upload upload, Path file, Long batchId, BatchStore sink) {
    BatchProperties.Texts texts = properties.texts();
    TemplateRecord t = approvedTemplate(upload.template(), upload.language());
    List<TemplateRecord.Variable> variables = t.variables();
    List<String> expected = columns(upload.template(), upload.language());
    Map<String, Integer> seen = new HashMap<>();
    List<RowProblem> shown = new ArrayList<>();
    List<RowProblem> problems = new ArrayList<>();
    List<BatchStore.Recipient> good = new ArrayList<>();
    int[] counts = new int[4]; // total, invalid, inService, rows
    boolean[] headerSeen = {false};

    Sheets.RowHandler handler = new Sheets.RowHandler() {
      @Override
      public void header(List<String> cells) {
        headerSeen[0] = true;
        List<String> found = new ArrayList<>(cells);
        while (!found.isEmpty() && found.get(found.size() - 1).isBlank()) {
          found.remove(found.size() - 1);
        }
        boolean same = found.size() == expected.size();
        for (int i = 0; same && i < found.size(); i++) {
          same = simple(found.get(i)).equals(simple(expected.get(i)));
        }
        if (!same) {
          throw new Refused(texts.wrongColumns().replace("{expected}", String.join(", ", expected))
              .replace("{found}", String.join(", ", found)), false, null);
        }
      }

      @Override
      public void row(int rowNumber, List<String> cells) {
        if (Sheets.blank(cells)) {
          return;
        }
        if (++counts[3] > properties.maxRows()) {
          throw new Refused(BatchProperties.fill(texts.tooManyRows(), "max", String.format(Locale.ROOT, "%,d", properties.maxRows())
              .replace(',', '.')), false, null);
        }
        String phone = cell(cells, 0);
        String reason = null;
        String waId = null;
        if (phone.isEmpty()) {
          reason = texts.phoneMissing();
        } else {
          try {
            waId = PhoneNumbers.normalize(phone);
            Integer first = seen.putIfAbsent(waId, rowNumber);
            if (first != null) {
              reason = BatchProperties.fill(texts.phoneRepeated(), "row", first);
            }
          } catch (PhoneNumbers.InvalidPhoneException e) {
            reason = BatchProperties.fill(texts.phoneInvalid(), "reason", e.getMessage());
          }
        }
        String name = cell(cells, 1);
        if (reason == null && name.length() > 256) {
          reason = texts.nameTooLong();
        }
        List<String> values = new ArrayList<>(variables.size());
        for (int i = 0; i < variables.size(); i++) {
          String value = cell(cells, 2 + i);
          if (reason == null && value.isEmpty()) {
            reason = BatchProperties.fill(texts.variableMissing(), "variable", templates.label(t, variables.get(i)));
          }
          values.add(value);
        }
        if (reason == null) {
          try {
            templates.render(t, request(t, values));
          } catch (TemplateProblemException e) {
            reason = e.getMessage();
          }
        }
        if (reason != null) {
          counts[1]++;
          RowProblem problem = new RowProblem(rowNumber, phone, reason);
          if (shown.size() < PROBLEMS_SHOWN) {
            shown.add(problem);
          }
          if (sink != null) {
            problems.add(problem);
            if (problems.size() >= CHUNK) {
              sink.addProblems(batchId, problems);
              problems.clear();
            }
          }
          return;
        }
        counts[0]++;
        good.add(new BatchStore.Recipient(batchId == null ? 0 : batchId, rowNumber, waId, name.isEmpty() ? null : name, toJson(values)));
        if (good.size() >= CHUNK) {
          flush();
        }
      }

      void flush() {
        counts[2] += inService(upload.phoneNumberId(), good);
        if (sink != null) {
          sink.addRecipients(good);
        }
        good.clear();
      }
    };
    try {
      Sheets.read(file, handler);
    } catch (SheetException e) {
      throw new Refused(e.kind == SheetException.Kind.PROTECTED ? texts.protectedSheet() : texts.notASheet(), false, null);
    }
    if (!headerSeen[0]) {
      throw new Refused(texts.noHeader(), false, null);
    }
    if (counts[3] == 0) {
      throw new Refused(texts.noRows(), false, null);
    }
    if (!good.isEmpty()) {
      counts[2] += inService(upload.phoneNumberId(), good);
      if (sink != null) {
        sink.addRecipients(good);
      }
    }
    if (sink != null && !problems.isEmpty()) {
      sink.addProblems(batchId, problems);
    }
    return new Check(counts[0], counts[1], counts[2], List.copyOf(shown));
  }

  /** How many of these recipients have a protocol open on the number now (with an agent or waiting in a queue). */
  private int inService(String phoneNumberId, List<BatchStore.Recipient> recipients) {
    if (recipients.isEmpty()) {
      return 0;
    }
    String marks = String.join(",", java.util.Collections.nCopies(recipients.size(), "?"));
    List<Object> params = new ArrayList<>();
    params.add(phoneNumberId);
    recipients.forEach(r -> params.add(r.waId()));
    return jdbc.sql("select count(distinct c.id) from customer c join conversation v on v.customer_id = c.id"
            + " and v.phone_number_id = ? and v.status = 'OPEN' and v.protocol is not null where c.wa_id in (" + marks + ")")
        .params(params).query(Integer.class).single();
  }

  /** The template request of a row's values, in the template's variable order. */
  static TemplateMessages.Request request(TemplateRecord t, List<String> values) {
    if (t.named()) {
      Map<String, String> named = new LinkedHashMap<>();
      List<TemplateRecord.Variable> variables = t.variables();
      for (int i = 0; i < variables.size(); i++) {
        named.put(variables.get(i).key(), i < values.size() ? values.get(i) : "");
      }
      return TemplateMessages.Request.named(t.name(), t.language(), named);
    }
    return TemplateMessages.Request.of(t.name(), t.language(), values);
  }

  private String toJson(List<String> values) {
    try {
      return json.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String cell(List<String> cells, int i) {
    return i < cells.size() && cells.get(i) != null ? cells.get(i).trim() : "";
  }

  /** A header as people may type it: no accents, no case, no surrounding spaces. */
  private static String simple(String s) {
    return Normalizer.normalize(s.trim(), Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
  }
}
