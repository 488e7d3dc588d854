package io.atende.agent;

import io.atende.agent.DeskViews.CustomerView;
import io.atende.agent.DeskViews.Desk;
import io.atende.agent.DeskViews.MessageView;
import io.atende.conversation.MessageLog;
import io.atende.platform.CurrentUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The agent desk's REST API (documented in README); Tasklist's embedded form is one client of it. */
@RestController
@RequestMapping("/api/desk")
class DeskController {

  private final DeskService desk;
  private final MessageLog messages;
  private final AgentsProperties agents;

  private final io.atende.conversation.MediaStore mediaStore;

  DeskController(DeskService desk, MessageLog messages, AgentsProperties agents, io.atende.conversation.MediaStore mediaStore) {
    this.mediaStore = mediaStore;
    this.desk = desk;
    this.messages = messages;
    this.agents = agents;
  }

  /** The queues a conversation can be transferred to. */
  @GetMapping("/queues")
  List<AgentsProperties.Queue> queues() {
    return agents.queues();
  }

  @GetMapping("/tasks/{taskId}")
  Desk task(@PathVariable String taskId, CurrentUser user) {
    return desk.desk(taskId, user);
  }

  @GetMapping("/conversations/{conversationId}/messages")
  List<MessageView> messages(@PathVariable long conversationId, @RequestParam(defaultValue = "0") long after, CurrentUser user) {
    return desk.messagesAfter(conversationId, after, user);
  }

  @PostMapping("/conversations/{conversationId}/messages")
  ResponseEntity<MessageView> reply(@PathVariable long conversationId, @RequestBody DeskViews.ReplyRequest request,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, CurrentUser user) {
    return ResponseEntity.status(HttpStatus.CREATED).body(desk.reply(conversationId, request.text(), idempotencyKey, user));
  }

  /** An approved template into the conversation: the way out of a closed 24-hour window. */
  @PostMapping("/conversations/{conversationId}/templates")
  ResponseEntity<MessageView> sendTemplate(@PathVariable long conversationId, @RequestBody DeskViews.TemplateRequest request,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, CurrentUser user) {
    return ResponseEntity.status(HttpStatus.CREATED).body(desk.sendTemplate(conversationId, request, idempotencyKey, user));
  }

  /** The conversation's messages are on the agent's screen: the customer's become read (blue ticks), if the agent works it. */
  @PostMapping("/conversations/{conversationId}/read")
  ResponseEntity<Void> read(@PathVariable long conversationId, CurrentUser user) {
    desk.markRead(conversationId, user);
    return ResponseEntity.noContent().build();
  }

  @PostMapping(path = "/conversations/{conversationId}/attachments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<MessageView> attach(@PathVariable long conversationId, @RequestParam("file") MultipartFile file,
      @RequestParam(name = "caption", required = false) String caption,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, CurrentUser user) throws IOException {
    return ResponseEntity.status(HttpStatus.CREATED).body(desk.attach(conversationId, file.getBytes(), file.getContentType(),
        file.getOriginalFilename(), caption, idempotencyKey, user));
  }

  @PostMapping("/tasks/{taskId}/transfer")
  ResponseEntity<Void> transfer(@PathVariable String taskId, @RequestBody DeskViews.TransferRequest request, CurrentUser user) {
    desk.transfer(taskId, request, user);
    return ResponseEntity.noContent().build();
  }

  @PutMapping("/conversations/{conversationId}/customer")
  CustomerView saveCustomer(@PathVariable long conversationId, @RequestBody DeskViews.CustomerForm form, CurrentUser user) {
    return desk.saveCustomer(conversationId, form, user);
  }

  @GetMapping("/messages/{messageId}/media")
  ResponseEntity<Resource> media(@PathVariable long messageId, CurrentUser user) throws IOException {
    MessageLog.Entry message = messages.findById(messageId).orElseThrow(() -> new DeskExceptions.NotFound("No message " + messageId));
    if (message.conversationId() == null) {
      throw new DeskExceptions.NotFound("Message " + messageId + " belongs to no conversation");
    }
    desk.checkAccess(message.conversationId(), user);
    Resource content = mediaStore.open(message.mediaPath())
        .orElseThrow(() -> new DeskExceptions.NotFound("The media of message " + messageId + " is not stored (yet)"));
    MediaType type = message.mediaMimeType() == null ? MediaType.APPLICATION_OCTET_STREAM : MediaType.parseMediaType(message.mediaMimeType().split(";")[0]);
    String filename = message.mediaFilename() == null ? "media-" + messageId : message.mediaFilename();
    return ResponseEntity.ok().contentType(type)
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.builder(isShownInline(type) ? "inline" : "attachment")
            .filename(filename, StandardCharsets.UTF_8).build().toString())
        // what a customer sent must never run as a page of this origin: no sniffing, no scripts, no same-origin access
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "sandbox; default-src 'none'")
        .body(content);
  }

  /** Images, audio and video are shown on the desk; anything else (a document, HTML included) is only downloaded. */
  static boolean isShownInline(MediaType type) {
    return switch (type.getType().toLowerCase(java.util.Locale.ROOT)) {
      case "image" -> !type.getSubtype().toLowerCase(java.util.Locale.ROOT).contains("svg");
      case "audio", "video" -> true;
      default -> false;
    };
  }
}
