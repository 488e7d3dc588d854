package io.atende.platform;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.camunda.bpm.spring.boot.starter.configuration.impl.DefaultJobConfiguration.JobConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Background work runs on threads of the lowest priority: the inbound lanes (journeys), the job executor
 * (sends), media downloads and read receipts. Under load the webhook's acknowledgements and the desk's
 * requests then get the CPU first. Meta counts a slow acknowledgement as a failed delivery and sends it
 * again, while background work is stored and only waits its turn.
 *
 * <p>Java priorities reach the operating system only with {@link #JVM_OPTIONS} (the lowest becomes nice 19).
 * Lowering a thread's priority needs no privilege; the JVM warns about the option when not run as root
 * because raising one would.
 */
@Component
public class BackgroundThreads implements BeanPostProcessor {

  public static final String JVM_OPTIONS = "-XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19";
  private static final Logger log = LoggerFactory.getLogger(BackgroundThreads.class);

  /** Threads named {@code prefix} + a counter, at the lowest priority. */
  public static CustomizableThreadFactory factory(String prefix) {
    CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
    factory.setThreadPriority(Thread.MIN_PRIORITY);
    return factory;
  }

  /** Whether this JVM passes thread priorities on to the operating system. */
  static boolean osPrioritiesApply() {
    try {
      HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return "1".equals(vm.getVMOption("ThreadPriorityPolicy").getValue());
    } catch (RuntimeException notHotSpot) {
      return false;
    }
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (bean instanceof ThreadPoolTaskExecutor executor && JobConfiguration.CAMUNDA_TASK_EXECUTOR_QUALIFIER.equals(beanName)) {
      executor.setThreadPriority(Thread.MIN_PRIORITY);
    }
    return bean;
  }

  @EventListener(ApplicationReadyEvent.class)
  void adviseWhenPrioritiesDoNotApply() {
    if (!osPrioritiesApply()) {
      log.info("Background work shares the CPU equally with webhook acknowledgements; start the JVM with {} to keep "
          + "acknowledgements fast under load (README, Performance)", JVM_OPTIONS);
    }
  }
}
