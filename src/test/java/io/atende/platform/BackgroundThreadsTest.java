package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.atende.platform.ThreadNice.Priority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.spring.boot.starter.configuration.impl.DefaultJobConfiguration.JobConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

class BackgroundThreadsTest {

  private final BackgroundThreads backgroundThreads = new BackgroundThreads();

  @Test
  void theBuildStartsJvmsThatPassPrioritiesToTheOperatingSystem() {
    assertThat(BackgroundThreads.osPrioritiesApply())
        .as("surefire's argLine carries " + BackgroundThreads.JVM_OPTIONS).isTrue();
  }

  /** The start-up hint for {@code java -jar} and the options the build's launches use are written twice; they must agree. */
  @Test
  void theStartUpHintNamesTheOptionsThePomPassesOn() throws IOException {
    Matcher property = Pattern.compile("<atende\\.jvm\\.options>(.*)</atende\\.jvm\\.options>").matcher(Files.readString(Path.of("pom.xml")));
    assertThat(property.find()).as("pom.xml defines the property atende.jvm.options").isTrue();
    assertThat(BackgroundThreads.JVM_OPTIONS).isEqualTo(property.group(1).trim());
  }

  @Test
  void backgroundThreadsRunAtTheLowestOperatingSystemPriority() {
    ExecutorService background = Executors.newSingleThreadExecutor(BackgroundThreads.factory("test-background-"));
    try {
      assertThat(ThreadNice.onThreadOf(background)).isEqualTo(new Priority(Thread.MIN_PRIORITY, 19));
    } finally {
      background.shutdown();
    }
  }

  @Test
  void camundasJobExecutorThreadsRunAtTheLowestPriority() {
    ThreadPoolTaskExecutor jobThreads = initialized(new ThreadPoolTaskExecutor(), JobConfiguration.CAMUNDA_TASK_EXECUTOR_QUALIFIER);
    ThreadPoolTaskExecutor otherThreads = initialized(new ThreadPoolTaskExecutor(), "someOtherExecutor");
    try {
      assertThat(ThreadNice.onThreadOf(jobThreads)).isEqualTo(new Priority(Thread.MIN_PRIORITY, 19));
      Priority other = ThreadNice.onThreadOf(otherThreads);
      assertThat(other.java()).isEqualTo(Thread.NORM_PRIORITY);
      assertThat(other.nice()).isLessThan(19);
    } finally {
      jobThreads.shutdown();
      otherThreads.shutdown();
    }
  }

  private ThreadPoolTaskExecutor initialized(ThreadPoolTaskExecutor executor, String beanName) {
    backgroundThreads.postProcessBeforeInitialization(executor, beanName);
    executor.initialize();
    return executor;
  }
}
