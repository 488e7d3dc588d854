package io.atende.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.atende.whatsapp.WebhookSignature;
import io.atende.whatsapp.WhatsAppProperties;
import io.atende.whatsapp.WhatsAppProperties.BusinessNumber;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The Graph API endpoints of the simulator, under {@link #BASE}; JSON in and out as Meta writes it. */
final class GraphApi {

  static final String BASE = "/simulator/graph";
  static final String DOWNLOAD_PATH = "/simulator/lookaside/whatsapp_business/attachments/";
  private static final Logger log = LoggerFactory.getLogger(GraphApi.class);

  private final SimulatorProperties properties;
  private final WhatsAppProperties whatsApp;
  private final BusinessSide business;
  private final MediaStore media;
  private final TemplateCatalog templates;
  private final TemplateLifecycle lifecycle;
  private final Clock clock;

  GraphApi(SimulatorProperties properties, WhatsAppProperties whatsApp, BusinessSide business, MediaStore media,
      TemplateCatalog templates, TemplateLifecycle lifecycle, Clock clock) {
    this.properties = properties;
    this.whatsApp = whatsApp;
    this.business = business;
    this.media = media;
    this.templates = templates;
    this.lifecycle = lifecycle;
    this.clock = clock;
  }

  /** {@code POST /{version}/{phoneNumberId}/messages}: a message, or a mark-as-read. */
  ServerResponse messages(ServerRequest request) {
    authorize(request);
    String phoneNumberId = request.pathVariable("phoneNumberId");
    business.number(phoneNumberId, "post");
    SendRequest send = parse(request);
    if (send.status() != null) {
      return json(200, business.markRead(phoneNumberId, send));
    }
    return json(200, business.send(phoneNumberId, send));
  }

  /** {@code POST /{version}/{phoneNumberId}/media}: multipart upload with {@code file}, {@code type}, {@code messaging_product}. */
  ServerResponse upload(ServerRequest request) throws IOException {
    authorize(request);
    String phoneNumberId = request.pathVariable("phoneNumberId");
    business.number(phoneNumberId, "post");
    MultiValueMap<String, Part> parts = multipart(request);
    SendValidator.checkMessagingProduct(field(parts, "messaging_product"));
    Part file = parts.getFirst("file");
    if (file == null) {
      throw GraphException.parameterRequired("file");
    }
    String type = field(parts, "type");
    if (type == null || type.isBlank()) {
      throw GraphException.parameterRequired("type");
    }
    long limit = MediaTypes.uploadLimit(type).orElseThrow(() -> GraphException.invalidParameter(
        "Param file must be a file with one of the following types: " + MediaTypes.supportedList()
            + ". Received file of type '" + type + "'."));
    if (file.getSize() == 0) {
      throw GraphException.invalidParameter("Param file must not be empty.");
    }
    if (file.getSize() > limit) {
      throw GraphException.invalidParameter("Param file is " + file.getSize() + " bytes; files of type " + type
          + " may have at most " + limit + " bytes.");
    }
    byte[] bytes;
    try (var in = file.getInputStream()) {
      bytes = in.readAllBytes();
    }
    MediaStore.StoredMedia stored = media.put(phoneNumberId, MediaTypes.baseType(type), file.getSubmittedFileName(), bytes);
    return json(200, new Wire.MediaId(stored.id()));
  }

  /** {@code GET /{version}/{id}}: a media's download URL, a business phone number's node or a template's node. */
  ServerResponse node(ServerRequest request) {
    authorize(request);
    String id = request.pathVariable("id");
    Optional<SimTemplate> template = templates.byId(id).filter(t -> !t.deleted());
    if (template.isPresent()) {
      return json(200, TemplateCatalog.node(template.get(), fields(request)));
    }
    Optional<BusinessNumber> number = whatsApp.number(id);
    if (number.isPresent()) {
      BusinessNumber n = number.get();
      return json(200, new Wire.PhoneNumberNode("Atende Simulator", "VERIFIED", n.displayPhoneNumber(), "GREEN",
          "CLOUD_API", new Wire.Throughput(n.messagesPerSecond() > 80 ? "HIGH" : "STANDARD"), n.phoneNumberId()));
    }
    MediaStore.StoredMedia stored = ownedMedia(request, id, "get");
    long expires = clock.instant().plus(properties.mediaUrlTtl()).getEpochSecond();
    String url = ServletUriComponentsBuilder.fromContextPath(request.servletRequest())
        .path(DOWNLOAD_PATH)
        .queryParam("mid", stored.id())
        .queryParam("ext", expires)
        .queryParam("hash", urlHash(stored.id(), expires))
        .build()
        .toUriString();
    return json(200, new Wire.MediaInfo("whatsapp", url, stored.mimeType(), stored.sha256Hex(), stored.size(),
        stored.id()));
  }

  /** {@code DELETE /{version}/{mediaId}}. */
  ServerResponse delete(ServerRequest request) {
    authorize(request);
    MediaStore.StoredMedia stored = ownedMedia(request, request.pathVariable("id"), "delete");
    media.delete(stored.id());
    return json(200, new Wire.Success(true));
  }

  /** The media download URL: needs the Bearer token, and the URL must be unaltered and unexpired. */
  ServerResponse download(ServerRequest request) {
    authorize(request);
    String mid = request.param("mid").orElse("");
    long expires;
    try {
      expires = Long.parseLong(request.param("ext").orElse(""));
    } catch (NumberFormatException e) {
      return ServerResponse.notFound().build();
    }
    String hash = request.param("hash").orElse("");
    boolean intact = MessageDigest.isEqual(urlHash(mid, expires).getBytes(StandardCharsets.US_ASCII),
        hash.getBytes(StandardCharsets.US_ASCII));
    if (!intact || clock.instant().getEpochSecond() > expires) {
      return ServerResponse.notFound().build();
    }
    return media.get(mid)
        .map(m -> {
          ServerResponse.BodyBuilder ok = ServerResponse.ok()
              .contentType(MediaType.parseMediaType(m.mimeType()))
              .contentLength(m.size());
          if (m.filename() != null) {
            ok.header(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(m.filename(), StandardCharsets.UTF_8).build().toString());
          }
          return ok.body(m.bytes());
        })
        .orElseGet(() -> ServerResponse.notFound().build());
  }

  /** {@code GET /{version}/{wabaId}/message_templates} with Graph's filters, {@code fields} and cursor paging. */
  ServerResponse templates(ServerRequest request) {
    authorize(request);
    account(request, "get");
    int limit;
    try {
      limit = Integer.parseInt(request.param("limit").orElse("25"));
    } catch (NumberFormatException e) {
      throw GraphException.invalidParameter("Param limit must be an integer.");
    }
    if (limit < 1 || limit > 1000) {
      throw GraphException.invalidParameter("Param limit must be between 1 and 1000.");
    }
    TemplateCatalog.Query query = new TemplateCatalog.Query(request.param("name").orElse(null),
        request.param("status").orElse(null), request.param("category").orElse(null),
        request.param("language").orElse(null), limit, request.param("after").orElse(null), fields(request));
    return json(200, templates.page(query, after -> ServletUriComponentsBuilder.fromRequest(request.servletRequest())
        .replaceQueryParam("access_token")
        .replaceQueryParam("after", URLEncoder.encode(after, StandardCharsets.UTF_8))
        .build(true)
        .toUriString()));
  }

  /**
   * {@code POST /{version}/{wabaId}/message_templates}: submits a new template; answers its id, {@code PENDING} and
   * its category. Review follows after {@code template-review-delay}.
   */
  ServerResponse createTemplate(ServerRequest request) {
    authorize(request);
    account(request, "post");
    SimTemplate created = lifecycle.create(parseBody(request, TemplateRules.Submission.class, "name"));
    return json(200, new Wire.TemplateCreated(created.id(), created.status().name(), created.category().name()));
  }

  /** {@code POST /{version}/{templateId}}: a new version of the template (components, category), reviewed again. */
  ServerResponse editTemplate(ServerRequest request) {
    authorize(request);
    String id = request.pathVariable("id");
    if (templates.byId(id).filter(t -> !t.deleted()).isEmpty()) {
      throw GraphException.unknownObject("post", id);
    }
    TemplateRules.Submission body = parseBody(request, TemplateRules.Submission.class, "components");
    lifecycle.edit(id, new TemplateRules.Submission(null, null, body.category(), body.parameterFormat(), null,
        body.components()));
    return json(200, new Wire.Success(true));
  }

  /** {@code DELETE /{version}/{wabaId}/message_templates?name=...[&hsm_id=...]}. */
  ServerResponse deleteTemplates(ServerRequest request) {
    authorize(request);
    account(request, "delete");
    lifecycle.delete(request.param("name").orElse(null), request.param("hsm_id").orElse(null));
    return json(200, new Wire.Success(true));
  }

  private void account(ServerRequest request, String method) {
    String wabaId = request.pathVariable("wabaId");
    if (!wabaId.equals(properties.wabaId())) {
      throw GraphException.unknownObject(method, wabaId);
    }
  }

  /** Graph's {@code fields} parameter, or null for the node's default fields. */
  private static java.util.Set<String> fields(ServerRequest request) {
    return request.param("fields").filter(f -> !f.isBlank())
        .map(f -> java.util.Arrays.stream(f.split(",")).map(String::trim).filter(x -> !x.isEmpty())
            .collect(java.util.stream.Collectors.toSet()))
        .orElse(null);
  }

  /** Any other path under the Graph root. */
  ServerResponse unknownPath(ServerRequest request) {
    String path = request.path().substring(Math.min(request.path().length(), BASE.length()));
    throw GraphException.unknownPath(path);
  }

  /** Meta's error body for a refusal; unexpected failures become Graph's "unknown error". */
  static ServerResponse error(Throwable failure, ServerRequest request) {
    GraphException e;
    if (failure instanceof GraphException graph) {
      e = graph;
    } else {
      log.error("Simulator Graph endpoint {} {} failed", request.method(), request.path(), failure);
      e = GraphException.unknownError();
    }
    Wire.ErrorData data = e.details() == null ? null : new Wire.ErrorData("whatsapp", e.details());
    Wire.ErrorResponse body = new Wire.ErrorResponse(
        new Wire.GraphError(e.getMessage(), e.type(), e.code(), data, e.subcode(), e.userTitle() == null ? null : false,
            e.userTitle(), e.userMessage(), Ids.fbtraceId()));
    ServerResponse.BodyBuilder builder = ServerResponse.status(e.httpStatus()).contentType(MediaType.APPLICATION_JSON);
    if (e.httpStatus() == 401) {
      builder.header(HttpHeaders.WWW_AUTHENTICATE,
          "OAuth \"Facebook Platform\" \"invalid_token\" \"" + e.getMessage().replace("\"", "'") + "\"");
    }
    return builder.body(MetaJson.write(body));
  }

  private void authorize(ServerRequest request) {
    String token = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
    if (token != null && token.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = token.substring(7).trim();
    } else if (token != null) {
      throw GraphException.invalidToken();
    } else {
      token = request.param("access_token").orElse(null);
    }
    if (token == null || token.isEmpty()) {
      throw GraphException.missingToken();
    }
    if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
        properties.accessToken().getBytes(StandardCharsets.UTF_8))) {
      throw GraphException.invalidToken();
    }
  }

  private static SendRequest parse(ServerRequest request) {
    return parseBody(request, SendRequest.class, "messaging_product");
  }

  private static <T> T parseBody(ServerRequest request, Class<T> type, String firstRequired) {
    byte[] body;
    try {
      body = request.body(byte[].class);
    } catch (ServletException | IOException | RuntimeException e) {
      throw GraphException.invalidParameter("The request body could not be read.");
    }
    if (body == null || body.length == 0) {
      throw GraphException.parameterRequired(firstRequired);
    }
    try {
      T parsed = MetaJson.mapper().readValue(body, type);
      if (parsed == null) {
        throw GraphException.invalidParameter("The request body must be a JSON object.");
      }
      return parsed;
    } catch (JsonProcessingException e) {
      String where = e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping
          && !mapping.getPath().isEmpty() ? " (at " + path(mapping) + ")" : "";
      throw GraphException.invalidParameter("The request body is not valid JSON for this endpoint" + where + ": "
          + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw GraphException.invalidParameter("The request body could not be read.");
    }
  }

  private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static MultiValueMap<String, Part> multipart(ServerRequest request) throws IOException {
    boolean isMultipart = request.headers().contentType()
        .map(t -> t.isCompatibleWith(MediaType.MULTIPART_FORM_DATA)).orElse(false);
    if (!isMultipart) {
      throw GraphException.invalidParameter("Upload media as multipart/form-data with the fields file, type and"
          + " messaging_product.");
    }
    try {
      return request.multipartData();
    } catch (ServletException e) {
      throw GraphException.invalidParameter("The multipart body could not be read: " + e.getMessage());
    }
  }

  private static String field(MultiValueMap<String, Part> parts, String name) throws IOException {
    Part part = parts.getFirst(name);
    if (part == null) {
      return null;
    }
    try (var in = part.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
  }

  private MediaStore.StoredMedia ownedMedia(ServerRequest request, String id, String method) {
    MediaStore.StoredMedia stored = media.get(id).orElseThrow(() -> GraphException.unknownObject(method, id));
    Optional<String> phoneNumberId = request.param("phone_number_id");
    if (phoneNumberId.isPresent() && !phoneNumberId.get().equals(stored.phoneNumberId())) {
      throw GraphException.invalidParameter("Media " + id + " does not belong to phone number " + phoneNumberId.get() + ".");
    }
    return stored;
  }

  private String urlHash(String mid, long expires) {
    String signature = WebhookSignature.sign((mid + ':' + expires).getBytes(StandardCharsets.UTF_8),
        properties.appSecret());
    return signature.substring(signature.indexOf('=') + 1, signature.indexOf('=') + 33);
  }

  private static ServerResponse json(int status, Object body) {
    return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).body(MetaJson.write(body));
  }
}
