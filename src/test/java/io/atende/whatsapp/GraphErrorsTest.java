package io.atende.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;

/** Which failed sends may go again at once, and which may have reached Meta. */
class GraphErrorsTest {

  @Test
  void aSendThatNeverLeftMayGoAgainAtOnce() {
    assertThat(GraphErrors.mayResend(wrapped(new HttpHostConnectException("Connection refused")))).isTrue();
    assertThat(GraphErrors.mayResend(wrapped(new ConnectTimeoutException("Connect timed out")))).isTrue();
    assertThat(GraphErrors.mayResend(wrapped(new java.net.UnknownHostException("graph.facebook.com")))).isTrue();
  }

  @Test
  void aSendWhoseAnswerWasLostMayHaveReachedMetaAndIsNotRepeated() {
    assertThat(GraphErrors.mayResend(wrapped(new SocketTimeoutException("Read timed out")))).isFalse();
    assertThat(GraphErrors.mayResend(wrapped(new SocketException("Connection reset")))).isFalse();
    assertThat(GraphErrors.mayResend(wrapped(new NoHttpResponseException("The target server failed to respond")))).isFalse();
    // a media call (a GET) may be repeated after any of these
    assertThat(GraphErrors.isTransient(wrapped(new SocketTimeoutException("Read timed out")))).isTrue();
  }

  @Test
  void metaAnsweringATransientErrorDidNotTakeTheMessage() {
    assertThat(GraphErrors.mayResend(wrapped(http(503, "")))).isTrue();
    assertThat(GraphErrors.mayResend(wrapped(http(429, "")))).isTrue();
    assertThat(GraphErrors.mayResend(wrapped(http(400,
        "{\"error\":{\"message\":\"Re-engagement message\",\"code\":131047}}")))).isFalse();
  }

  private static HttpOperationFailedException http(int status, String body) {
    return new HttpOperationFailedException("https://graph.facebook.com/v23.0/1/messages", status, "", null, null, body);
  }

  private static Throwable wrapped(Exception cause) {
    return new CamelExecutionException("Exception occurred during execution", null, cause);
  }
}
