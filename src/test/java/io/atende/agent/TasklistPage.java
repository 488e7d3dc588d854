package io.atende.agent;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Camunda Tasklist as an agent sees it, in a {@link Browser}. */
public final class TasklistPage {

  public static final By USERNAME = By.cssSelector("form[name=signinForm] input[ng-model=username]");
  public static final By PASSWORD = By.cssSelector("form[name=signinForm] input[ng-model=password]");
  public static final By LOGIN_BUTTON = By.cssSelector("form[name=signinForm] button[type=submit]");
  public static final By LOGIN_APP_NAME = By.cssSelector(".form-signin .login-header .app-name");
  public static final By LOGIN_LOGO = By.cssSelector(".form-signin .login-header .login-logo");
  public static final By BRAND = By.cssSelector("[cam-widget-header] .navbar-brand .brand-name");
  public static final By VENDOR_BANNER = By.cssSelector("[cam-widget-header] .ce-eol-banner");
  public static final By FOOTER = By.cssSelector("footer[cam-widget-footer]");
  public static final By START_PROCESS = By.cssSelector("[cam-widget-header] .start-process-action a");
  public static final By CREATE_TASK = By.cssSelector("[cam-widget-header] .create-task-action a");
  public static final By FILTERS = By.cssSelector(".task-filter h4.name");
  public static final By FOCUSED_FILTER = By.cssSelector(".task-filter.active h4.name");
  public static final By TASK_CARDS = By.cssSelector(".tasks-list > li.task");

  private final Browser browser;
  private final String baseUrl;

  private TasklistPage(Browser browser, String baseUrl) {
    this.browser = browser;
    this.baseUrl = baseUrl;
  }

  /** Opens Tasklist at {@code baseUrl} (e.g. {@code http://localhost:8080}); shows the login form if logged out. */
  public static TasklistPage open(Browser browser, String baseUrl) {
    browser.open(baseUrl + "/camunda/app/tasklist/");
    return new TasklistPage(browser, baseUrl);
  }

  /** Waits for the login form. */
  public TasklistPage waitForLogin() {
    browser.waitForVisible(LOGIN_BUTTON);
    return this;
  }

  /** Logs in through Tasklist's own login form and waits for the logged-in header. */
  public TasklistPage loginAs(String user, String password) {
    browser.waitForVisible(USERNAME).sendKeys(user);
    browser.waitForVisible(PASSWORD).sendKeys(password);
    browser.waitForVisible(LOGIN_BUTTON).click();
    browser.waitForVisible(BRAND);
    return this;
  }

  /** Reloads the current view (same session), e.g. after the browser's language changed. */
  public TasklistPage reload() {
    browser.driver().navigate().refresh();
    return this;
  }

  public String brandName() {
    return browser.waitForVisible(BRAND).getText();
  }

  /** The vendor banner element; Camunda CE always renders it, so it is in the page even when hidden. */
  public WebElement vendorBanner() {
    return browser.waitForPresent(VENDOR_BANNER);
  }

  /** Waits until a visible element matching {@code locator} shows {@code text} (labels load asynchronously). */
  public WebElement waitForLabel(By locator, String text) {
    return browser.waitForText(locator, text);
  }

  /** Clicks the filter whose name contains {@code name} and waits until Tasklist shows it as the focused one. */
  public TasklistPage openFilter(String name) {
    browser.waitForText(FILTERS, name).click();
    browser.waitForText(FOCUSED_FILTER, name);
    return this;
  }

  /** Waits until the task list shows a card whose text contains {@code text}, and returns the card. */
  public WebElement waitForTaskCard(String text) {
    return browser.waitForText(TASK_CARDS, text);
  }

  public Browser browser() {
    return browser;
  }

  public String baseUrl() {
    return baseUrl;
  }
}
