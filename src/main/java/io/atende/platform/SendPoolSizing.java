package io.atende.platform;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Sizes the send path's pools from the business numbers' limits instead of asking the operator to: each of the
 * journey's sends holds a job thread (and the job's database connection) for the Graph API round trip, so the job
 * executor needs about {@code sum(messages-per-second) × atende.whatsapp.graph-round-trip} threads to keep up (×1.25
 * for slow answers; at least 16), and the connection pool those threads plus 24 for the inbound lanes, the webhook,
 * the desk and the batches, of which only 10 are kept open while idle. The figures are defaults only, the lowest precedence: any value set in
 * {@code application.yml}, on the command line or in the environment wins ({@code camunda.bpm.job-execution.core-pool-size},
 * {@code max-pool-size}, {@code spring.datasource.hikari.maximum-pool-size}). What stays manual (a database that
 * allows fewer connections, such as PostgreSQL's {@code max_connections} for all the nodes together) the start-up
 * check warns about ({@code io.atende.journey.SendCapacityCheck}).
 */
public class SendPoolSizing implements EnvironmentPostProcessor, Ordered {

  static final String SOURCE = "atende-send-pool-sizing";
  static final int MIN_JOB_THREADS = 16;
  static final int OTHER_CONNECTIONS = 24;
  static final int MIN_IDLE = 10;

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    Binder binder = Binder.get(environment);
    int perSecond = 0;
    for (int i = 0; binder.bind("atende.whatsapp.numbers[" + i + "].phone-number-id", String.class).isBound(); i++) {
      int number = binder.bind("atende.whatsapp.numbers[" + i + "].messages-per-second", Integer.class).orElse(80);
      perSecond += number > 0 ? number : 80;
    }
    Duration roundTrip = binder.bind("atende.whatsapp.graph-round-trip", Duration.class).orElse(Duration.ofMillis(200));
    int threads = jobThreads(perSecond, roundTrip);
    int jobThreads = binder.bind("camunda.bpm.job-execution.max-pool-size", Integer.class).orElse(threads);
    Map<String, Object> defaults = new HashMap<>();
    defaults.put("camunda.bpm.job-execution.core-pool-size", threads);
    defaults.put("camunda.bpm.job-execution.max-pool-size", threads);
    defaults.put("spring.datasource.hikari.maximum-pool-size", jobThreads + OTHER_CONNECTIONS);
    // connections open as they are needed and close after Hikari's idle timeout: a node sized for 1,000 messages/s
    // does not hold 280 connections to PostgreSQL while it sends a few
    defaults.put("spring.datasource.hikari.minimum-idle", MIN_IDLE);
    environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
  }

  /** Job threads that keep up with {@code perSecond} sends at that round trip. */
  static int jobThreads(int perSecond, Duration roundTrip) {
    return (int) Math.max(MIN_JOB_THREADS, Math.ceil(perSecond * roundTrip.toMillis() * 1.25 / 1000));
  }

  @Override
  public int getOrder() {
    // after the configuration files are read
    return Ordered.LOWEST_PRECEDENCE;
  }
}
