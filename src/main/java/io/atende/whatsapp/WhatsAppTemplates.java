package io.atende.whatsapp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.component.http.HttpMethods;
import org.springframework.stereotype.Component;

/**
 * The Cloud API's template management for the WhatsApp Business Account {@code atende.whatsapp.business-account-id}:
 * list (every page), create, edit and delete message templates. The calls go through the Camel route
 * {@code direct:whatsapp-graph} of {@code routes/whatsapp-outbound.yaml}, like media calls: transient failures are
 * retried with backoff; what still fails is a {@link GraphApiException} carrying Meta's code and, for refused
 * submissions, the title and message Meta wrote for a person.
 *
 * <p>Meta allows these management calls a few hundred times an hour per account; call them on a person's action,
 * not in loops.
 */
@Component
public class WhatsAppTemplates {

  static final int PAGE_SIZE = 100;
  /** Safety stop: Meta allows far fewer templates per account than this many pages hold. */
  static final int MAX_PAGES = 100;
  private static final String JSON = "application/json; charset=UTF-8";

  private final WhatsAppClient client;
  private final WhatsAppProperties properties;

  WhatsAppTemplates(WhatsAppClient client, WhatsAppProperties properties) {
    this.client = client;
    this.properties = properties;
  }

  /** The account this service manages templates of. */
  public String businessAccountId() {
    return properties.businessAccountId();
  }

  /** Every template of the account, following the listing's cursors through all its pages. */
  public List<MessageTemplate> list() {
    List<MessageTemplate> all = new ArrayList<>();
    String after = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      String url = templatesUrl() + "?fields=" + encode(MessageTemplate.FIELDS) + "&limit=" + PAGE_SIZE
          + (after == null ? "" : "&after=" + encode(after));
      MessageTemplate.Page answer = WhatsAppClient.read(client.call(WhatsAppClient.GRAPH_ROUTE, HttpMethods.GET, url, null,
          null, null), MessageTemplate.Page.class);
      if (answer == null || answer.data() == null) {
        throw new GraphApiException(200, null, "Template listing answered without data", null, null, false, null);
      }
      all.addAll(answer.data());
      MessageTemplate.Paging paging = answer.paging();
      if (paging == null || paging.next() == null || paging.cursors() == null || paging.cursors().after() == null
          || answer.data().isEmpty()) {
        return all;
      }
      after = paging.cursors().after();
    }
    throw new GraphApiException(200, null, "Template listing did not end after " + MAX_PAGES + " pages", null, null,
        false, null);
  }

  /** One template by Meta's id; empty when Meta has no such template (Graph error 100). */
  public java.util.Optional<MessageTemplate> find(String templateId) {
    String url = client.versionUrl() + "/" + WhatsAppClient.graphId(templateId, "template id") + "?fields="
        + encode(MessageTemplate.FIELDS);
    try {
      return java.util.Optional.ofNullable(WhatsAppClient.read(client.call(WhatsAppClient.GRAPH_ROUTE, HttpMethods.GET, url,
          null, null, null), MessageTemplate.class));
    } catch (GraphApiException e) {
      if (Integer.valueOf(100).equals(e.code()) && !e.transientError()) {
        return java.util.Optional.empty();
      }
      throw e;
    }
  }

  /** Submits a new template for review; Meta answers its id, status (PENDING) and category. */
  public MessageTemplate.Created create(MessageTemplate.Submission submission) {
    MessageTemplate.Created created = WhatsAppClient.read(client.call(WhatsAppClient.GRAPH_ROUTE, HttpMethods.POST,
        templatesUrl(), null, WhatsAppClient.json(submission), JSON), MessageTemplate.Created.class);
    if (created == null || created.id() == null) {
      throw new GraphApiException(200, null, "Template creation answered without an id", null, null, false, null);
    }
    return created;
  }

  /** Submits a new version of a template (it goes back to review). */
  public void edit(String templateId, MessageTemplate.Edit edit) {
    String url = client.versionUrl() + "/" + WhatsAppClient.graphId(templateId, "template id");
    confirm(client.call(WhatsAppClient.GRAPH_ROUTE, HttpMethods.POST, url, null, WhatsAppClient.json(edit), JSON),
        "Template edit");
  }

  /** Deletes one language of a template (by its id) or, without an id, every language of the name. */
  public void delete(String name, String templateId) {
    String url = templatesUrl() + "?name=" + encode(name)
        + (templateId == null ? "" : "&hsm_id=" + encode(WhatsAppClient.graphId(templateId, "template id")));
    confirm(client.call(WhatsAppClient.GRAPH_ROUTE, HttpMethods.DELETE, url, null, null, null), "Template deletion");
  }

  private void confirm(byte[] answer, String what) {
    GraphApi.SuccessResponse response = WhatsAppClient.read(answer, GraphApi.SuccessResponse.class);
    if (response == null || !Boolean.TRUE.equals(response.success())) {
      throw new GraphApiException(200, null, what + " was not confirmed", null, null, false, null);
    }
  }

  private String templatesUrl() {
    return client.versionUrl() + "/" + WhatsAppClient.graphId(properties.businessAccountId(), "business account id")
        + "/message_templates";
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
