package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.atende.AtendeApplication;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The production-start rule as an operator meets it: the service started with the simulator off and a shipped secret
 * does not start, and says which setting to change. (The service started right, without the demo agents, is in
 * {@code SimulatorDisabledTest}.)
 */
@ExtendWith(OutputCaptureExtension.class)
class ProductionDefaultsTest {

  @Test
  void withTheSimulatorOffTheShippedSecretsAndAdminPasswordStopTheStartNamingEachSetting(CapturedOutput output) {
    Throwable failure = catchThrowable(() -> start());

    assertThat(failure).isInstanceOf(ProductionDefaults.ShippedDefaultsException.class);
    assertThat(((ProductionDefaults.ShippedDefaultsException) failure).settings()).containsExactly(
        "atende.whatsapp.app-secret", "atende.whatsapp.verify-token", "camunda.bpm.admin-user.password");
    assertThat(output).contains("APPLICATION FAILED TO START")
        .contains("atende.whatsapp.app-secret (environment variable ATENDE_WHATSAPP_APP_SECRET)")
        .contains("atende.whatsapp.verify-token (environment variable ATENDE_WHATSAPP_VERIFY_TOKEN)")
        .contains("camunda.bpm.admin-user.password (environment variable CAMUNDA_BPM_ADMIN_USER_PASSWORD)")
        .contains("atende.demo.enabled=true");
    assertThat(output).as("refused before the engine made an administrator with the shipped password")
        .doesNotContain("Creating initial Admin User");
  }

  @Test
  void oneSettingLeftAtItsDefaultOrEmptyIsEnoughToRefuse() {
    Throwable adminLeft = catchThrowable(() -> start("--atende.whatsapp.app-secret=s3cr3t-of-the-app",
        "--atende.whatsapp.verify-token=my-verify-token"));
    Throwable emptySecret = catchThrowable(() -> start("--atende.whatsapp.app-secret=",
        "--atende.whatsapp.verify-token=my-verify-token", "--camunda.bpm.admin-user.password=a-long-admin-password"));

    assertThat(((ProductionDefaults.ShippedDefaultsException) adminLeft).settings()).containsExactly("camunda.bpm.admin-user.password");
    assertThat(((ProductionDefaults.ShippedDefaultsException) emptySecret).settings()).containsExactly("atende.whatsapp.app-secret");
  }

  @Test
  void theDemoSwitchIsNotProduction() {
    org.springframework.mock.env.MockEnvironment demo = new org.springframework.mock.env.MockEnvironment()
        .withProperty("atende.simulator.enabled", "false").withProperty("atende.demo.enabled", "true")
        .withProperty("atende.whatsapp.app-secret", "simulator-app-secret");
    org.springframework.mock.env.MockEnvironment production = new org.springframework.mock.env.MockEnvironment()
        .withProperty("atende.simulator.enabled", "false").withProperty("atende.whatsapp.app-secret", "simulator-app-secret")
        .withProperty("atende.whatsapp.verify-token", "x-verify").withProperty("camunda.bpm.admin-user.id", "admin")
        .withProperty("camunda.bpm.admin-user.password", "x-admin");

    assertThat(ProductionDefaults.offending(demo)).isEmpty();
    assertThat(ProductionDefaults.offending(production)).containsExactly("atende.whatsapp.app-secret");
    assertThat(ProductionDefaults.isDemo(new org.springframework.mock.env.MockEnvironment())).as("the simulator is on by default").isTrue();
  }

  @Test
  void theEnvironmentVariablesTheFailureNamesSetTheSettings() {
    org.springframework.core.env.StandardEnvironment environment = new org.springframework.core.env.StandardEnvironment();
    environment.getPropertySources().addFirst(new org.springframework.core.env.SystemEnvironmentPropertySource("env", java.util.Map.of(
        "ATENDE_SIMULATOR_ENABLED", "false", "ATENDE_WHATSAPP_APP_SECRET", "from-env-1", "ATENDE_WHATSAPP_VERIFY_TOKEN", "from-env-2",
        "CAMUNDA_BPM_ADMIN_USER_ID", "admin", "CAMUNDA_BPM_ADMIN_USER_PASSWORD", "from-env-3")));
    org.springframework.boot.context.properties.source.ConfigurationPropertySources.attach(environment);

    assertThat(ProductionDefaults.isDemo(environment)).isFalse();
    assertThat(ProductionDefaults.offending(environment)).isEmpty();
  }

  private static void start(String... more) {
    List<String> args = new ArrayList<>(List.of("--server.port=0", "--atende.simulator.enabled=false",
        "--spring.datasource.url=jdbc:h2:mem:production-defaults;DB_CLOSE_DELAY=-1", "--atende.processes.watch-interval=0"));
    args.addAll(List.of(more));
    new SpringApplicationBuilder(AtendeApplication.class).run(args.toArray(String[]::new)).close();
  }
}
