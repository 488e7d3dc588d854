package io.atende.journey.batch;

import io.atende.journey.batch.BatchIntake.Check;
import io.atende.journey.batch.BatchIntake.Refused;
import io.atende.journey.batch.BatchIntake.Upload;
import io.atende.journey.batch.BatchStore.Batch;
import io.atende.journey.batch.BatchStore.Figures;
import io.atende.platform.CurrentUser;
import io.atende.template.TemplateProblemException;
import io.atende.whatsapp.WhatsAppProperties;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/**
 * Batch sends (R22, R23) for users who may send from some number (agents with the number enabled, supervisors): the
 * model sheet, the row check, the batch itself, its progress, pause/resume/cancel, the history and the report. Errors
 * are RFC 9457 problems in Portuguese: 400 for a bad request or sheet (with the bad rows), 403 for a number not
 * enabled for the user, 404 for an unknown batch, 409 for a pause/resume/cancel the batch's state does not allow.
 */
@RestController
@RequestMapping("/api/batches")
class BatchController {

  private static final ZoneId BRAZIL = ZoneId.of("America/Sao_Paulo");
  private static final DateTimeFormatter REPORT_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss").withZone(BRAZIL);

  private final BatchIntake intake;
  private final BatchStore store;
  private final BatchProperties properties;
  private final WhatsAppProperties whatsapp;
  private final RuntimeService runtime;

  BatchController(BatchIntake intake, BatchStore store, BatchProperties properties, WhatsAppProperties whatsapp, RuntimeService runtime) {
    this.intake = intake;
    this.store = store;
    this.properties = properties;
    this.whatsapp = whatsapp;
    this.runtime = runtime;
  }

  /** A batch as the history and the progress show it; figures are cumulative (read counts as delivered and sent). */
  record BatchView(long id, String title, String phoneNumberId, String displayPhoneNumber, String template, String language,
      String status, String statusLabel, String createdBy, Instant createdAt, Instant finishedAt, int total, int invalid,
      int inService, int queued, int sent, int delivered, int read, int failed, int refused, int cancelled, int deliveredPercent) {}

  /** The answer to a sheet: the new batch (when created) and the row check. */
  record CheckView(Long id, String status, int total, int invalid, int inService, List<BatchIntake.RowProblem> rows) {}

  @GetMapping("/model")
  ResponseEntity<byte[]> model(@RequestParam String template, @RequestParam String language,
      @RequestParam(defaultValue = "xlsx") String format, CurrentUser user) throws IOException {
    intake.checkAllowed(user);
    Sheets.Format f = Sheets.Format.of(format);
    List<String> columns = intake.columns(template, language);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    Sheets.writeModel(f, columns, out);
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_TYPE, f.contentType)
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"envio-em-lote-" + template.replaceAll("[^A-Za-z0-9_-]", "")
            + "." + f.extension + "\"")
        .body(out.toByteArray());
  }

  @PostMapping("/check")
  CheckView check(@RequestParam(required = false) MultipartFile file, @RequestParam(required = false) String phoneNumberId,
      @RequestParam(required = false) String template, @RequestParam(required = false) String language,
      @RequestParam(required = false) String title, CurrentUser user) {
    intake.checkAllowed(user);
    Upload upload = new Upload(phoneNumberId, template, language, title);
    Check check = withFile(file, path -> intake.check(user, upload, path));
    return new CheckView(null, null, check.total(), check.invalid(), check.inService(), check.problems());
  }

  @PostMapping
  ResponseEntity<CheckView> create(@RequestParam(required = false) MultipartFile file, @RequestParam(required = false) String phoneNumberId,
      @RequestParam(required = false) String template, @RequestParam(required = false) String language,
      @RequestParam(required = false) String title, CurrentUser user) {
    intake.checkAllowed(user);
    Upload upload = new Upload(phoneNumberId, template, language, title);
    long id = withFile(file, path -> intake.create(user, upload, path));
    Batch batch = store.find(id).orElseThrow();
    List<BatchIntake.RowProblem> rows = store.problems(id, BatchIntake.PROBLEMS_SHOWN);
    return ResponseEntity.status(HttpStatus.CREATED)
        .header(HttpHeaders.LOCATION, "/api/batches/" + id)
        .body(new CheckView(id, batch.status().name(), batch.total(), batch.invalid(), batch.inService(), rows));
  }

  @GetMapping
  List<BatchView> list(CurrentUser user) {
    intake.checkAllowed(user);
    return store.list(500).stream().filter(b -> intake.mayUse(user, b.phoneNumberId())).map(this::view).toList();
  }

  @GetMapping("/{id}")
  BatchView one(@PathVariable long id, CurrentUser user) {
    return view(visible(id, user));
  }

  @GetMapping("/{id}/report")
  void report(@PathVariable long id, CurrentUser user, HttpServletResponse response) throws IOException {
    Batch batch = visible(id, user);
    response.setContentType("text/csv; charset=UTF-8");
    response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"relatorio-lote-" + id + ".csv\"");
    response.getOutputStream().write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    Writer writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
    CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setDelimiter(';').get());
    csv.printRecord("linha", "telefone", "nome", "status", "codigo_erro", "motivo", "atualizado_em");
    store.report(batch.id(), line -> {
      try {
        String reason = line.errorCode() != null ? MetaErrors.meaning(line.errorCode()) : line.reason();
        csv.printRecord(line.row(), line.phone(), line.name() == null ? "" : line.name(), statusLabel(line.status()),
            line.errorCode() == null ? "" : line.errorCode(), reason == null ? "" : reason,
            line.at() == null ? "" : REPORT_TIME.format(line.at()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    csv.flush();
  }

  @PostMapping("/{id}/pause")
  BatchView pause(@PathVariable long id, CurrentUser user) {
    Batch batch = visible(id, user);
    if (!store.move(id, BatchStore.Status.PAUSED, BatchStore.Status.RUNNING)) {
      throw new Conflict("O lote não está em andamento.");
    }
    return view(store.find(batch.id()).orElseThrow());
  }

  @PostMapping("/{id}/resume")
  BatchView resume(@PathVariable long id, CurrentUser user) {
    Batch batch = visible(id, user);
    if (!store.move(id, BatchStore.Status.RUNNING, BatchStore.Status.PAUSED)) {
      throw new Conflict("O lote não está pausado.");
    }
    signal(batch, BatchProcess.Messages.RESUMED);
    return view(store.find(batch.id()).orElseThrow());
  }

  @PostMapping("/{id}/cancel")
  BatchView cancel(@PathVariable long id, CurrentUser user) {
    Batch batch = visible(id, user);
    if (!store.move(id, BatchStore.Status.CANCELLED, BatchStore.Status.RUNNING, BatchStore.Status.PAUSED)) {
      throw new Conflict("O lote já terminou.");
    }
    signal(batch, BatchProcess.Messages.CANCELLED);
    return view(store.find(batch.id()).orElseThrow());
  }

  /** Wakes a paused batch's process; a running one sees the new status at its next round. */
  private void signal(Batch batch, String message) {
    if (batch.processInstanceId() == null) {
      return;
    }
    intake.asService(() -> {
      try {
        runtime.createMessageCorrelation(message).processInstanceId(batch.processInstanceId()).correlate();
      } catch (MismatchingMessageCorrelationException e) {
        // not waiting (a chunk is running): it reads the status itself
      }
      return null;
    });
  }

  private Batch visible(long id, CurrentUser user) {
    intake.checkAllowed(user);
    Batch batch = store.find(id).orElseThrow(() -> new NotFound("Lote " + id + " não encontrado."));
    if (!intake.mayUse(user, batch.phoneNumberId())) {
      throw new Refused(BatchProperties.fill(properties.texts().numberNotEnabled(), "number", batch.phoneNumberId()), true, null);
    }
    return batch;
  }

  private BatchView view(Batch b) {
    Figures f = store.figures(b, Instant.now(), properties.figuresSettleAfter());
    String display = whatsapp.number(b.phoneNumberId()).map(WhatsAppProperties.BusinessNumber::displayPhoneNumber).orElse(null);
    int percent = b.total() == 0 ? 0 : (int) Math.floor(100.0 * f.delivered() / b.total());
    return new BatchView(b.id(), b.title(), b.phoneNumberId(), display, b.templateName(), b.templateLanguage(), b.status().name(),
        batchStatusLabel(b.status()), b.createdBy(), b.createdAt(), b.finishedAt(), b.total(), b.invalid(), b.inService(), f.queued(),
        f.sent(), f.delivered(), f.read(), f.failed(), f.refused(), f.cancelled(), percent);
  }

  private static String batchStatusLabel(BatchStore.Status status) {
    return switch (status) {
      case RUNNING -> "Enviando";
      case PAUSED -> "Pausado";
      case CANCELLED -> "Cancelado";
      case FINISHED -> "Concluído";
    };
  }

  static String statusLabel(String status) {
    return switch (status) {
      case "QUEUED" -> "Na fila";
      case "PENDING" -> "Enviando";
      case "ACCEPTED", "SENT" -> "Enviado";
      case "DELIVERED" -> "Entregue";
      case "READ", "PLAYED" -> "Lido";
      case "FAILED" -> "Falhou";
      case "REFUSED" -> "Recusado";
      case "CANCELLED" -> "Cancelado";
      case "INVALID" -> "Linha inválida";
      default -> status;
    };
  }

  private static String size(org.springframework.util.unit.DataSize size) {
    return size.toBytes() >= 1024 * 1024 ? size.toMegabytes() + " MB" : size.toKilobytes() + " KB";
  }

  private interface FileWork<T> {
    T apply(Path path);
  }

  private <T> T withFile(MultipartFile file, FileWork<T> work) {
    if (file == null || file.isEmpty()) {
      throw new Refused(properties.texts().fileMissing(), false, null);
    }
    if (file.getSize() > properties.maxFileSize().toBytes()) {
      throw new TooLarge(BatchProperties.fill(properties.texts().fileTooLarge(), "max", size(properties.maxFileSize())));
    }
    Path path = null;
    try {
      path = Files.createTempFile("atende-batch-", ".sheet");
      file.transferTo(path);
      return work.apply(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (path != null) {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          // a temporary file left behind
        }
      }
    }
  }

  static final class Conflict extends RuntimeException {
    Conflict(String message) {
      super(message);
    }
  }

  static final class NotFound extends RuntimeException {
    NotFound(String message) {
      super(message);
    }
  }

  static final class TooLarge extends RuntimeException {
    TooLarge(String message) {
      super(message);
    }
  }

  @ExceptionHandler(Refused.class)
  ResponseEntity<ProblemDetail> refused(Refused e) {
    HttpStatus status = e.forbidden ? HttpStatus.FORBIDDEN : HttpStatus.BAD_REQUEST;
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
    problem.setTitle(e.forbidden ? "Not allowed to send batches from this number" : "Batch refused");
    if (e.check != null) {
      problem.setProperty("total", e.check.total());
      problem.setProperty("invalid", e.check.invalid());
      problem.setProperty("rows", e.check.problems());
    }
    return ResponseEntity.status(status).body(problem);
  }

  @ExceptionHandler(TemplateProblemException.class)
  ProblemDetail template(TemplateProblemException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Template cannot be sent");
    problem.setProperty("problem", e.problem().name());
    return problem;
  }

  @ExceptionHandler({MissingServletRequestParameterException.class, MissingServletRequestPartException.class})
  ProblemDetail missing(Exception e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Faltam dados no pedido: " + e.getMessage());
    problem.setTitle("Bad request");
    return problem;
  }

  @ExceptionHandler(Conflict.class)
  ProblemDetail conflict(Conflict e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    problem.setTitle("Batch state does not allow this");
    return problem;
  }

  @ExceptionHandler(NotFound.class)
  ProblemDetail notFound(NotFound e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(TooLarge.class)
  ProblemDetail tooLarge(TooLarge e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage());
    problem.setTitle("Sheet too large");
    return problem;
  }
}
