package io.tickflow.cli.demo.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tickflow.cli.FreePorts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The README's first command as a new user runs it: {@code tickflow demo} from the built distribution, in its own
 * JVM; within two minutes of the launch headless Chromium shows candles on the page, the past the simulator made up
 * (an hour by default) among them, the chart reading as a newcomer expects it to; Ctrl-C (SIGINT) stops it
 * cleanly. Skipped where Chromium is missing, except in CI (TICKFLOW_REQUIRE_BROWSER), which installs it.
 */
@Tag("integration")
class DemoCommandBrowserIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path DISTRIBUTION = Path.of("target", "tickflow.jar");
  private static final Duration TO_CANDLES = Duration.ofMinutes(2);
  /** Candles of the default 1-minute chart that are the prehistory's, at least: half its hour. */
  private static final int PAST_CANDLES = 30;
  /** The demo's log, kept after the run (its directory is temporary), for a failure's diagnosis. */
  private static final Path DEMO_LOG = Path.of("target", "DemoCommandBrowserIT-demo.log");
  /** The demo's threads when it did not stop in time, for the same reason. */
  private static final Path DEMO_THREADS = Path.of("target", "DemoCommandBrowserIT-threads.txt");

  @TempDir
  Path directory;

  private Process demo;
  private ChromeDriver browser;

  @AfterEach
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (demo != null && demo.isAlive()) {
      demo.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    Path log = directory.resolve("demo").resolve("tickflow.log");
    if (Files.exists(log)) {
      Files.copy(log, DEMO_LOG, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  void shouldShowAnHourOfCandlesWithinTwoMinutesAndStopCleanlyOnCtrlC() throws Exception {
    if (System.getenv("TICKFLOW_REQUIRE_BROWSER") != null) {
      assertThat(CHROMIUM).as("chromium").isExecutable();
      assertThat(CHROMEDRIVER).as("chromedriver").isExecutable();
    }
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Chromium or chromedriver missing (Debian packages chromium, chromium-driver); skipping the browser test");
    assertThat(DISTRIBUTION).as("the distribution is built before integration tests").isRegularFile();
    int httpPort = FreePorts.one();
    long launched = System.nanoTime();
    demo = new ProcessBuilder(javaBinary(), "-jar", DISTRIBUTION.toString(), "demo", "--dir",
        directory.resolve("demo").toString(), "--http-port", Integer.toString(httpPort), "--kafka-port",
        Integer.toString(FreePorts.pair()), "--connect-port", Integer.toString(FreePorts.one()), "--dtc-port",
        Integer.toString(FreePorts.one()), "--dtc-historical-port", Integer.toString(FreePorts.one()))
        .redirectErrorStream(true).start();
    BlockingQueue<String> output = follow(demo);

    String url = awaitLine(output, "Open ", TO_CANDLES).replaceAll(".*Open (\\S+) .*", "$1");
    browser = chromium();
    browser.get(url);
    long remaining = TO_CANDLES.toNanos() - (System.nanoTime() - launched);
    new WebDriverWait(browser, Duration.ofNanos(Math.max(remaining, 1))).until(driver -> candles() >= PAST_CANDLES
        && candlePixels() > 0);

    demo.toHandle().destroy();
    boolean exited = demo.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      dumpThreads(demo.pid());
    }
    assertThat(exited).as("the demo stops on SIGINT/SIGTERM (threads in " + DEMO_THREADS + ")").isTrue();
    assertThat(drain(output)).anyMatch(line -> line.startsWith("Stopping"));
  }

  private long candles() {
    Object value = ((JavascriptExecutor) browser).executeScript(
        "const state = window.tickflowState; return state ? state.candles : -1;");
    return ((Number) value).longValue();
  }

  /** Pixels of the up or down candle colour on the chart canvases: the candles were painted. */
  private long candlePixels() {
    Object count = ((JavascriptExecutor) browser).executeScript(
        "let n = 0;"
            + "for (const canvas of document.querySelectorAll('#chart canvas')) {"
            + "  const ctx = canvas.getContext('2d'); if (!ctx || canvas.width === 0) continue;"
            + "  const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;"
            + "  for (let i = 0; i < d.length; i += 4) {"
            + "    if ((d[i] === 38 && d[i+1] === 166 && d[i+2] === 154) || (d[i] === 239 && d[i+1] === 83"
            + "        && d[i+2] === 80)) n++; }"
            + "} return n;");
    return ((Number) count).longValue();
  }

  private static ChromeDriver chromium() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--window-size=1280,800");
    return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build(), options);
  }

  private static BlockingQueue<String> follow(Process process) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (java.io.IOException e) {
        lines.add("(output closed: " + e.getMessage() + ")");
      }
    }, "demo-output");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static String awaitLine(BlockingQueue<String> output, String prefix, Duration timeout)
      throws InterruptedException {
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String line = output.poll(1, TimeUnit.SECONDS);
      if (line != null) {
        seen.add(line);
        if (line.startsWith(prefix)) {
          return line;
        }
      }
    }
    throw new AssertionError("The demo did not print '" + prefix + "...' within " + timeout + "; output: " + seen);
  }

  private static List<String> drain(BlockingQueue<String> output) throws InterruptedException {
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = output.poll(2, TimeUnit.SECONDS)) != null) {
      lines.add(line);
    }
    return lines;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void dumpThreads(long pid) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print").redirectErrorStream(true)
        .redirectOutput(DEMO_THREADS.toFile()).start().waitFor(30, TimeUnit.SECONDS);
  }
}
