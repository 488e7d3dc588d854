package io.atende.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Headless Chromium for real-browser tests, driven through the system's chromedriver.
 *
 * <p>Uses only the Debian packages {@code chromium} and {@code chromium-driver} (installed by
 * {@code .ci/install-browser}). The driver and browser paths are set explicitly, so Selenium Manager never
 * looks anything up or downloads anything. Every instance gets a fresh profile in a temporary directory,
 * removed on {@link #close()}.
 *
 * <pre>{@code
 * Browser.assumeInstalled();
 * try (Browser browser = Browser.start("pt-BR")) {
 *   browser.open(url);
 *   browser.waitForVisible(By.cssSelector("button[type=submit]")).click();
 * }
 * }</pre>
 */
public final class Browser implements AutoCloseable {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private static final Logger LOG = LoggerFactory.getLogger(Browser.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /**
   * No selenium-devtools-v* jar is on the classpath (the few Chrome DevTools Protocol commands tests send go through
   * chromedriver: {@code driver().executeCdpCommand}); this keeps Selenium from warning "Unable to find CDP
   * implementation" at every start. Held here because JUL
   * keeps loggers only weakly.
   */
  private static final java.util.logging.Logger CDP_VERSION_FINDER =
      java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Skips the calling test (JUnit assumption) when Chromium or its driver is not installed. */
  public static void assumeInstalled() {
    List<Path> missing = Stream.of(CHROMIUM, CHROMEDRIVER).filter(path -> !Files.isExecutable(path)).toList();
    String reason = "Real-browser test skipped: " + missing + " missing "
        + "(install the Debian packages chromium and chromium-driver: bash .ci/install-browser)";
    if (!missing.isEmpty()) {
      LOG.warn(reason);
    }
    assumeTrue(missing.isEmpty(), reason);
  }

  /**
   * Starts a headless Chromium whose preferred language is {@code language} (a BCP 47 tag such as
   * {@code pt-BR} or {@code en-US}), as {@code navigator.languages[0]} reports it to the page.
   */
  public static Browser start(String language) {
    CDP_VERSION_FINDER.setLevel(java.util.logging.Level.SEVERE);
    Path profile;
    try {
      profile = Files.createTempDirectory("atende-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1440,900",
        "--lang=" + language,
        "--user-data-dir=" + profile.toAbsolutePath());
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    try {
      return new Browser(new ChromeDriver(service, options), profile);
    } catch (RuntimeException e) {
      deleteRecursively(profile);
      throw e;
    }
  }

  /** The Selenium driver, for anything this helper does not cover. */
  public ChromeDriver driver() {
    return driver;
  }

  public void open(String url) {
    driver.get(url);
  }

  /** Waits until an element matching {@code locator} is displayed and returns it. */
  public WebElement waitForVisible(By locator) {
    return waitFor(locator, WebElement::isDisplayed, "visible");
  }

  /** Waits until an element matching {@code locator} is displayed and its text contains {@code text}. */
  public WebElement waitForText(By locator, String text) {
    return waitFor(locator, element -> element.isDisplayed() && element.getText().contains(text),
        "showing \"" + text + "\"");
  }

  /** Waits until an element matching {@code locator} is in the page, displayed or not. */
  public WebElement waitForPresent(By locator) {
    return waitFor(locator, element -> true, "present");
  }

  /** Waits until the page title contains {@code text}. */
  public void waitForTitle(String text) {
    await("page title containing \"" + text + "\"").atMost(TIMEOUT)
        .until(driver::getTitle, title -> title != null && title.contains(text));
  }

  private WebElement waitFor(By locator, Predicate<WebElement> condition, String state) {
    return await(locator + " " + state).atMost(TIMEOUT).ignoreExceptions()
        .until(() -> driver.findElements(locator).stream().filter(condition).findFirst().orElse(null),
            element -> element != null);
  }

  /** Displayed elements matching {@code locator}, right now (no waiting). */
  public List<WebElement> visible(By locator) {
    return driver.findElements(locator).stream().filter(WebElement::isDisplayed).toList();
  }

  /** Saves a PNG of the viewport to {@code target/screenshots/<name>.png} and returns its path. */
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteRecursively(profile);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
