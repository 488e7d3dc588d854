package io.atende.simulator;

import static org.springframework.web.servlet.function.RequestPredicates.GET;
import static org.springframework.web.servlet.function.RequestPredicates.path;

import io.atende.whatsapp.WhatsAppProperties;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The bundled WhatsApp Cloud API simulator. Everything it serves is declared here and exists only
 * with {@code atende.simulator.enabled=true} (the default):
 *
 * <ul>
 *   <li>{@code /simulator/graph/{version}/...}: the Graph API (messages, media, message_templates)
 *   <li>{@code /simulator/lookaside/...}: media download URLs
 *   <li>{@code /simulator/api/...}: the customer side (write as a customer, read the chat) and what Meta does to
 *       templates on its own ({@code /simulator/api/templates})
 *   <li>{@code /simulator}: the chat page
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "atende.simulator", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(SimulatorProperties.class)
class SimulatorConfiguration {

  private static final String VERSION = "/{version:v\\d+\\.\\d+}";
  private static final String WEBHOOK_PATH = "/webhooks/whatsapp";

  private final Clock clock = Clock.systemUTC();

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService simulatorScheduler() {
    return Executors.newScheduledThreadPool(1, r -> {
      Thread t = new Thread(r, "simulator-scheduler");
      t.setDaemon(true);
      return t;
    });
  }

  @Bean
  WebhookClient simulatorWebhookClient(SimulatorProperties properties, Environment environment,
      ScheduledExecutorService simulatorScheduler) {
    return new WebhookClient(properties, webhookUrl(properties, environment), simulatorScheduler);
  }

  /** The configured URL, or this service's own webhook on the port the server actually listens on. */
  static Supplier<String> webhookUrl(SimulatorProperties properties, Environment environment) {
    if (properties.webhookUrl() != null && !properties.webhookUrl().isBlank()) {
      String url = properties.webhookUrl();
      return () -> url;
    }
    return () -> "http://localhost:"
        + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"))
        + environment.getProperty("server.servlet.context-path", "")
        + WEBHOOK_PATH;
  }

  @Bean
  ChatStore simulatorChatStore(SimulatorProperties properties) {
    return new ChatStore(properties.messagesPerChat());
  }

  @Bean
  MediaStore simulatorMediaStore(SimulatorProperties properties) {
    return new MediaStore(properties.mediaStorageLimit().toBytes(), clock);
  }

  @Bean
  TemplateCatalog simulatorTemplateCatalog(SimulatorProperties properties) {
    return new TemplateCatalog(properties.templates());
  }

  @Bean
  TemplateLifecycle simulatorTemplateLifecycle(SimulatorProperties properties, TemplateCatalog templates,
      WebhookClient webhook, ScheduledExecutorService simulatorScheduler) {
    return new TemplateLifecycle(properties, templates, webhook, simulatorScheduler, clock);
  }

  @Bean
  BusinessSide simulatorBusinessSide(SimulatorProperties properties, WhatsAppProperties whatsApp, ChatStore chats,
      MediaStore media, TemplateCatalog templates, WebhookClient webhook, ScheduledExecutorService simulatorScheduler) {
    return new BusinessSide(properties, whatsApp, chats, new SendValidator(templates, media),
        new ThroughputLimiter(properties.messagesPerSecond(), System::nanoTime), webhook, simulatorScheduler, clock);
  }

  @Bean
  CustomerSide simulatorCustomerSide(SimulatorProperties properties, WhatsAppProperties whatsApp, ChatStore chats,
      MediaStore media, WebhookClient webhook) {
    return new CustomerSide(properties, whatsApp, chats, media, webhook, clock);
  }

  @Bean
  RouterFunction<ServerResponse> simulatorGraphRoutes(SimulatorProperties properties, WhatsAppProperties whatsApp,
      BusinessSide business, MediaStore media, TemplateCatalog templates, TemplateLifecycle lifecycle) {
    GraphApi api = new GraphApi(properties, whatsApp, business, media, templates, lifecycle, clock);
    return RouterFunctions.route()
        .POST(GraphApi.BASE + VERSION + "/{phoneNumberId}/messages", api::messages)
        .POST(GraphApi.BASE + VERSION + "/{phoneNumberId}/media", api::upload)
        .GET(GraphApi.BASE + VERSION + "/{wabaId}/message_templates", api::templates)
        .POST(GraphApi.BASE + VERSION + "/{wabaId}/message_templates", api::createTemplate)
        .DELETE(GraphApi.BASE + VERSION + "/{wabaId}/message_templates", api::deleteTemplates)
        .POST(GraphApi.BASE + VERSION + "/{id}", api::editTemplate)
        .GET(GraphApi.BASE + VERSION + "/{id}", api::node)
        .DELETE(GraphApi.BASE + VERSION + "/{id}", api::delete)
        .GET(GraphApi.DOWNLOAD_PATH, api::download)
        .route(path(GraphApi.BASE + "/**"), api::unknownPath)
        .onError(Throwable.class, GraphApi::error)
        .build();
  }

  @Bean
  RouterFunction<ServerResponse> simulatorCustomerRoutes(WhatsAppProperties whatsApp, ChatStore chats, MediaStore media,
      CustomerSide customers, BusinessSide business, TemplateCatalog templates, TemplateLifecycle lifecycle) {
    CustomerApi api = new CustomerApi(whatsApp, chats, media, customers, business, clock);
    TemplateApi templateApi = new TemplateApi(templates, lifecycle);
    ClassPathResource page = new ClassPathResource("simulator/index.html");
    return RouterFunctions.route()
        .GET(CustomerApi.BASE + "/numbers", api::numbers)
        .GET(CustomerApi.BASE + "/customers", api::customers)
        .GET(CustomerApi.BASE + "/customers/{waId}/messages", api::chat)
        .POST(CustomerApi.BASE + "/customers/{waId}/messages", api::send)
        .POST(CustomerApi.BASE + "/customers/{waId}/number-change", api::changeNumber)
        .GET(CustomerApi.BASE + "/media/{mediaId}", api::media)
        .GET(TemplateApi.BASE, templateApi::list)
        .POST(TemplateApi.BASE + "/{id}/status", templateApi::status)
        .POST(TemplateApi.BASE + "/{id}/quality", templateApi::quality)
        .onError(Throwable.class, CustomerApi::error)
        .add(RouterFunctions.route(GET("/simulator").or(GET("/simulator/")),
            request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).body(page)))
        .resources("/simulator/assets/**", new ClassPathResource("simulator/"))
        .build();
  }
}
