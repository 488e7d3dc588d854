package io.atende.whatsapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Spring context of the outbound tests: the whole service on an in-memory H2, with the Graph API
 * replaced by {@link GraphApiStub} and two business numbers: {@link #NUMBER} (80 messages per
 * second) and {@link #SLOW_NUMBER} (5 per second). Test classes extending it share one context.
 * Tests tell their requests apart by recipient, so they never see each other's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:outbound-test;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    "atende.simulator.enabled=false",
    // not production: the shipped app secret (SignedWebhook signs with it) and the demo agents stay
    "atende.demo.enabled=true",
    "atende.whatsapp.access-token=test-token",
    "atende.whatsapp.send-retries=4",
    "atende.whatsapp.send-retry-delay=50ms",
    // wider than the 1.1 s default: on a busy test machine a thread may stall for a few hundred ms
    // between the throttle and the stub, and the throttle test measures at the stub
    "atende.whatsapp.send-rate-window=1500ms",
    "atende.whatsapp.numbers[0].phone-number-id=" + GraphStubbedTest.NUMBER,
    "atende.whatsapp.numbers[0].display-phone-number=5511940000000",
    "atende.whatsapp.numbers[0].messages-per-second=80",
    "atende.whatsapp.numbers[1].phone-number-id=" + GraphStubbedTest.SLOW_NUMBER,
    "atende.whatsapp.numbers[1].display-phone-number=5511940000005",
    "atende.whatsapp.numbers[1].messages-per-second=5"})
public abstract class GraphStubbedTest {

  public static final String NUMBER = "106540352242922";
  public static final String SLOW_NUMBER = "200000000000005";
  public static final String TOKEN = "test-token";

  protected static final GraphApiStub graph = GraphApiStub.shared();
  protected static final Path MEDIA_DIRECTORY = tempDirectory();

  @DynamicPropertySource
  static void graphApi(DynamicPropertyRegistry registry) {
    registry.add("atende.whatsapp.api-base-url", graph::baseUrl);
    registry.add("atende.whatsapp.media-directory", MEDIA_DIRECTORY::toString);
  }

  private static Path tempDirectory() {
    try {
      return Files.createTempDirectory("atende-media-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
