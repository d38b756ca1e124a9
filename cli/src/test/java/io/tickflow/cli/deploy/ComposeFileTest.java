package io.tickflow.cli.deploy;

import static io.tickflow.cli.deploy.CheckTool.AMTOOL;
import static io.tickflow.cli.deploy.CheckTool.PROMTOOL;
import static io.tickflow.cli.deploy.ComposeProject.DOCKER;
import static io.tickflow.cli.deploy.ComposeProject.JSON;
import static io.tickflow.cli.deploy.ComposeProject.REPOSITORY;
import static io.tickflow.cli.deploy.ComposeProject.YAML;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.tickflow.cli.run.KnownKeys;
import io.tickflow.cli.run.RunConfig;
import io.tickflow.connect.dtc.DtcSourceConnector;
import io.tickflow.connect.sink.SinkConnectorDefinition;
import io.tickflow.connect.sink.TickflowJdbcSinkConnector;
import io.tickflow.cli.deploy.ComposeProject.Mount;
import io.tickflow.cli.deploy.ComposeProject.PortMapping;
import io.tickflow.cli.deploy.ComposeProject.Service;
import io.tickflow.query.QueryServiceConfig;
import io.tickflow.query.alerts.Alert;
import io.tickflow.query.alerts.AlertPublisher;
import io.tickflow.query.alerts.FeedHealth;
import io.tickflow.query.alerts.StaleFeedMonitor;
import io.tickflow.query.metrics.QueryMetrics;
import io.tickflow.query.security.AccessControl;
import io.tickflow.query.security.Right;
import io.tickflow.query.ws.WsMeters;
import io.tickflow.streams.StreamsAppConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import kafka.server.KafkaConfig;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.server.config.AbstractKafkaConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The deployment in docker/ holds together: compose.yaml parses, every file it (or the Dockerfile) uses exists or is
 * what `mvn package` produces, ports, addresses and keys match the configuration classes of the code they configure,
 * the connectors it registers validate, the dashboard charts and the alert rules read only metrics the application
 * exposes, the alert rules pass their promtool unit tests, and Prometheus sends the alerts to an Alertmanager whose
 * config passes amtool. No Docker engine is involved: this checks the structure, not a running stack.
 */
class ComposeFileTest {

  private static final String CLI_SOURCES = "cli/src/main/java";
  private static final String TICKFLOW_IMAGE_BUILD = "docker/Dockerfile";
  private static final String CONFIG_OPTION = "--config";
  private static final String CONNECT_SERVICE = "connect";
  private static final String BROKER_SERVICE = "kafka";
  private static final String ALERTMANAGER_SERVICE = "alertmanager";
  // Environment variables of the image and JVM rather than Tickflow keys.
  private static final Set<String> JVM_VARIABLES = Set.of("JDK_JAVA_OPTIONS", "TZ");
  // Variables of the official Kafka image that are not broker properties (its kafka-propertiesSpec.json excludes).
  private static final Set<String> KAFKA_IMAGE_VARIABLES = Set.of("KAFKA_VERSION", "KAFKA_HEAP_OPTS", "KAFKA_OPTS",
      "KAFKA_LOG4J_OPTS", "KAFKA_JMX_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_GC_LOG_OPTS",
      "KAFKA_LOG4J_ROOT_LOGLEVEL", "KAFKA_LOG4J_LOGGERS", "KAFKA_TOOLS_LOG4J_LOGLEVEL");
  // Worker settings that differ from the shipped connect-config worker on purpose: container addresses, providers.
  private static final Set<String> WORKER_DEPLOYMENT_KEYS = Set.of("bootstrap.servers", "config.providers",
      "config.providers.file.class", "rest.advertised.host.name", "rest.advertised.port");
  private static final Pattern CONFIG_PROVIDER_REFERENCE = Pattern.compile("\\$\\{(\\w+):([^}]*)}");
  private static final Pattern PROMQL_IDENTIFIER = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\()?");
  // label="value" or label!="value": the matchers alertmanager.yml uses (a regex one needs this test extended).
  private static final Pattern ALERTMANAGER_MATCHER = Pattern.compile("(\\w+)\\s*(!?=)\\s*\"([^\"]*)\"");
  private static final Set<String> PROMQL_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
      "group_right", "and", "or", "unless", "bool", "offset");

  private static ComposeProject compose;

  @BeforeAll
  static void load() throws IOException {
    compose = ComposeProject.load();
  }

  @Test
  void shouldGiveEveryServiceAPinnedImageAndKnownDependenciesWhenParsed() {
    assertThat(compose.serviceNames()).contains(BROKER_SERVICE, CONNECT_SERVICE, "connect-init", "topics",
        "timescaledb", "db-migrate", "dtc-sim", "tickflow-1", "tickflow-2", "prometheus", ALERTMANAGER_SERVICE,
        "grafana");
    assertThat(compose.services()).allSatisfy(service -> {
      assertThat(service.image()).as(service.name() + " image").matches("[a-z0-9./_-]+:[A-Za-z0-9._-]+")
          .doesNotEndWith(":latest");
      assertThat(compose.serviceNames()).as(service.name() + " depends_on").containsAll(service.dependencies());
    });
    assertThat(compose.services().stream().filter(Service::builds)).allSatisfy(service -> {
      assertThat(service.image()).isEqualTo("tickflow:" + pomValue(REPOSITORY.resolve("pom.xml"), "/project/version"));
      assertThat(service.node().path("build").path("dockerfile").asText()).isEqualTo(TICKFLOW_IMAGE_BUILD);
    });
  }

  @Test
  void shouldFindEveryMountedAndBuiltFileWhenMavenHasPackaged() throws Exception {
    List<Path> pluginDirectories = List.of(connectPluginDirectory("ingest-connector"),
        connectPluginDirectory("connect-config"));
    for (Service service : compose.services()) {
      for (Mount mount : service.mounts()) {
        if (!mount.bind()) {
          assertThat(compose.root().path("volumes").has(mount.source())).as(service.name() + " volume "
              + mount.source() + " is declared").isTrue();
        } else if (mount.source().contains("/target/")) {
          assertThat(pluginDirectories).as(service.name() + " mounts what mvn package builds")
              .contains(mount.hostPath());
        } else {
          assertThat(mount.hostPath()).as(service.name() + " mounts " + mount.source()).exists();
        }
      }
      if (service.builds()) {
        Path context = DOCKER.resolve(service.node().path("build").path("context").asText()).normalize();
        assertThat(context).isEqualTo(REPOSITORY);
        assertThat(context.resolve(service.node().path("build").path("dockerfile").asText())).isRegularFile();
      }
    }
    assertThat(dockerfileCopySources()).containsExactlyInAnyOrderElementsOf(cliDistribution());
    assertThat(Files.readAllLines(DOCKER.resolve("Dockerfile.dockerignore")))
        .as("the build context lets in what the Dockerfile copies").contains("*")
        .containsAll(dockerfileCopySources().stream().map(source -> "!" + source).toList());
  }

  @Test
  void shouldPublishEachHostPortOnceAndEachInstanceOnItsHttpPort() throws IOException {
    List<Integer> hostPorts = compose.services().stream().flatMap(service -> service.ports().stream())
        .map(PortMapping::hostPort).toList();
    assertThat(hostPorts).doesNotHaveDuplicates();

    for (Service instance : runServices()) {
      int httpPort = queryConfig(instance).httpPort();
      assertThat(instance.ports()).as(instance.name() + " publishes its http.port")
          .extracting(PortMapping::containerPort).containsExactly(httpPort);
      assertThat(dockerfile()).as("the image's health check asks the query service")
          .contains("http://localhost:" + httpPort + "/health/ready");
    }
  }

  @Test
  void shouldKnowEveryTickflowKeyAndVariableWhenRunReadsTheFileAndEnvironment() throws IOException {
    assertThat(Stream.of("bars.grace.ms", "http.port", "num.standby.replicas", "run.components",
        "consumer.max.poll.records", "connect.group.id")).as("the check itself knows keys").allMatch(KnownKeys::known);
    assertThat(Stream.of("bars.grace.msec", "http.prot", "consumer.max.poll.record", "connector.group.id"))
        .as("the check itself tells typos").noneMatch(KnownKeys::known);

    Set<String> unknown = new TreeSet<>();
    for (Service instance : runServices()) {
      tickflowSettings(instance).keySet().stream().filter(key -> !KnownKeys.known(key))
          .forEach(key -> unknown.add(instance.name() + ": " + key));
      instance.environment().keySet().stream()
          .filter(name -> !name.startsWith(ENV_PREFIX) && !JVM_VARIABLES.contains(name))
          .forEach(name -> unknown.add(instance.name() + ": variable " + name + " is not read by tickflow run"));
    }
    assertThat(unknown).isEmpty();
  }

  @Test
  void shouldParseEveryInstancesSettingsWithTheConfigClassesOfTheApp() throws IOException {
    Set<String> stateVolumes = new HashSet<>();
    for (Service instance : runServices()) {
      Map<String, String> settings = tickflowSettings(instance);
      StreamsAppConfig app = new StreamsAppConfig(settings);
      StreamsConfig streams = new StreamsConfig(app.streamsProperties());
      QueryServiceConfig query = queryConfig(instance);

      assertThat(runComponents(settings)).as(instance.name()).isSubsetOf(runComponentNames());
      assertThat(query.advertisedServer()).isEqualTo(instance.name() + ":" + query.httpPort());
      assertThat(query.securityEnabled()).as("security on in the production config").isTrue();
      assertThat(streams.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
      Mount state = instance.mountAt(streams.getString(StreamsConfig.STATE_DIR_CONFIG))
          .orElseThrow(() -> new AssertionError(instance.name() + ": state.dir is not on a volume"));
      assertThat(state.bind()).isFalse();
      assertThat(stateVolumes.add(state.source())).as(instance.name() + " has a state volume of its own").isTrue();
    }
    assertThat(stateVolumes).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void shouldPointEveryKafkaClientAtTheBrokersInternalListener() throws IOException {
    Map<String, String> broker = brokerProperties();
    KafkaConfig config = KafkaConfig.fromProps(asProperties(broker));
    Map<String, String> advertised = listeners(broker.get("advertised.listeners"));
    String internal = advertised.values().stream().filter(address -> address.startsWith(BROKER_SERVICE + ":"))
        .findFirst().orElseThrow(() -> new AssertionError("no listener advertised as the kafka service"));

    assertThat(config.getInt("node.id")).isEqualTo(1);
    assertThat(broker.keySet()).as("broker settings").isSubsetOf(AbstractKafkaConfig.CONFIG_DEF.names());
    for (Service instance : runServices()) {
      assertThat(tickflowSettings(instance)).containsEntry("bootstrap.servers", internal);
    }
    assertThat(workerProperties()).containsEntry("bootstrap.servers", internal);
    assertThat(optionValue(compose.service("topics").command(), "--bootstrap-servers")).isEqualTo(internal);

    String external = advertised.get("EXTERNAL");
    int externalPort = Integer.parseInt(external.substring(external.indexOf(':') + 1));
    int listenerPort = Integer.parseInt(listeners(broker.get("listeners")).get("EXTERNAL").split(":")[1]);
    assertThat(compose.service(BROKER_SERVICE).ports()).contains(new PortMapping(externalPort, listenerPort));
  }

  @Test
  void shouldRegisterConnectorsThatValidateWhenConnectResolvesItsEnvironment() throws IOException {
    Map<String, Map<String, String>> connectors = registeredConnectors();
    assertThat(connectors).containsOnlyKeys("tickflow-dtc-source", "tickflow-bars-sink", "tickflow-ticks-sink",
        "tickflow-instruments-sink");

    for (Map.Entry<String, Map<String, String>> connector : connectors.entrySet()) {
      Map<String, String> resolved = resolveEnvironment(connector.getKey(), connector.getValue());
      List<ConfigValue> values = connectorFor(resolved.get("connector.class")).validate(resolved).configValues();
      assertThat(values).as(connector.getKey())
          .allSatisfy(value -> assertThat(value.errorMessages()).as(value.name()).isEmpty());
    }

    Map<String, String> dtc = resolveEnvironment("tickflow-dtc-source", connectors.get("tickflow-dtc-source"));
    List<String> simulator = compose.service("dtc-sim").command();
    assertThat(dtc).containsEntry("dtc.host", "dtc-sim").containsEntry("dtc.port", optionValue(simulator, "--port"));
    assertThat(optionValue(simulator, "--host")).isEqualTo("0.0.0.0");

    // Each partition's instruments must be one task's, or its catch-ups interleave (docs/connectors.md).
    assertThat(Integer.parseInt(optionValue(compose.service("topics").command(), "--partitions"))
        % Integer.parseInt(dtc.get("tasks.max"))).as("the topics' partitions are a multiple of tasks.max").isZero();

    Map<String, String> database = compose.service("timescaledb").environment();
    Map<String, String> bars = resolveEnvironment("tickflow-bars-sink", connectors.get("tickflow-bars-sink"));
    assertThat(bars.get("connection.url"))
        .startsWith("jdbc:postgresql://timescaledb:5432/" + database.get("POSTGRES_DB") + "?");
    assertThat(bars).containsEntry("connection.username", database.get("POSTGRES_USER"))
        .containsEntry("connection.password", database.get("POSTGRES_PASSWORD"));
  }

  @Test
  void shouldDeployTheShippedSinkAndWorkerSettings() throws IOException {
    Map<String, Map<String, String>> connectors = registeredConnectors();
    assertThat(connectors.get("tickflow-bars-sink")).isEqualTo(SinkConnectorDefinition.bars().config());
    assertThat(connectors.get("tickflow-ticks-sink")).isEqualTo(SinkConnectorDefinition.ticks().config());
    assertThat(connectors.get("tickflow-instruments-sink")).isEqualTo(SinkConnectorDefinition.instruments().config());

    Map<String, String> worker = workerProperties();
    Map<String, String> shipped = propertiesOf(Files.readString(
        REPOSITORY.resolve("connect-config/src/main/resources/worker/connect-distributed.properties")));
    shipped.keySet().stream().filter(key -> !WORKER_DEPLOYMENT_KEYS.contains(key))
        .forEach(key -> assertThat(worker).as("worker setting " + key).containsEntry(key, shipped.get(key)));
    DistributedConfig config = new DistributedConfig(worker);
    assertThat(config.getList("config.providers")).contains("env", "file");

    Service connect = compose.service(CONNECT_SERVICE);
    assertThat(connect.environment().get("KAFKA_OPTS")).contains("-Duser.timezone=UTC");
    assertThat(connect.mountAt(connect.command().get(1))).as("the worker properties are mounted").isPresent();
    assertThat(connect.mounts().stream().filter(mount -> mount.source().contains("/target/"))
        .map(mount -> Path.of(mount.target()).getParent().toString())).containsOnly(worker.get("plugin.path"));
    int restPort = Integer.parseInt(worker.get("listeners").substring(worker.get("listeners").lastIndexOf(':') + 1));
    assertThat(connect.ports()).extracting(PortMapping::containerPort).containsExactly(restPort);
    assertThat(compose.service("connect-init").environment().get("CONNECT_URL"))
        .isEqualTo("http://" + CONNECT_SERVICE + ":" + restPort);
  }

  @Test
  void shouldScrapeEveryInstanceWithAKeyHoldingTheOpsRight() throws IOException {
    Service prometheus = compose.service("prometheus");
    JsonNode job = prometheusConfig().path("scrape_configs").get(0);
    List<String> targets = new ArrayList<>();
    job.path("static_configs").forEach(group -> group.path("targets").forEach(target -> targets.add(target.asText())));

    List<String> expected = new ArrayList<>();
    for (Service instance : runServices()) {
      expected.add(instance.name() + ":" + queryConfig(instance).httpPort());
    }
    assertThat(targets).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
    assertThat(AccessControl.requiredRight("/metrics")).contains(Right.OPS);

    JsonNode keyFiles = job.path("http_headers").path(AccessControl.HEADER).path("files");
    assertThat(keyFiles).hasSize(1);
    String secret = Path.of(keyFiles.get(0).asText()).getFileName().toString();
    assertThat(keyFiles.get(0).asText()).isEqualTo("/run/secrets/" + secret);
    assertThat(prometheus.node().path("secrets").toString()).contains("\"" + secret + "\"");
    String opsKey = compose.variable(compose.root().path("secrets").path(secret).path("environment").asText());
    for (Service instance : runServices()) {
      assertThat(queryConfig(instance).apiKeys()).as(instance.name() + " accepts Prometheus' key")
          .anyMatch(key -> key.secret().equals(opsKey) && key.rights().contains(Right.OPS));
    }
  }

  @Test
  void shouldChartOnlyMetricsTheApplicationExposes(@TempDir Path stateDir) throws IOException {
    JsonNode dashboard = JSON.readTree(DOCKER.resolve("grafana/dashboards/tickflow.json").toFile());
    JsonNode datasource = YAML.readTree(DOCKER.resolve("grafana/provisioning/datasources/prometheus.yaml").toFile())
        .path("datasources").get(0);
    Set<String> charted = new TreeSet<>();
    dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> {
      assertThat(target.path("datasource").path("uid").asText()).isEqualTo(datasource.path("uid").asText());
      charted.addAll(metricNames(target.path("expr").asText()));
    }));

    assertThat(charted).contains("tickflow_pipeline_records_in_total", "tickflow_pipeline_records_rejected_total",
        "tickflow_bar_latency_seconds_bucket", "tickflow_rocksdb_memory_used_bytes", "tickflow_rocksdb_memory_limit_bytes",
        "tickflow_feed_last_trade_age_seconds", "kafka_consumer_fetch_manager_records_lag_max");
    assertThat(charted).isSubsetOf(exposedMetricNames(stateDir));

    assertThat(datasource.path("url").asText())
        .isEqualTo("http://prometheus:" + compose.service("prometheus").ports().get(0).containerPort());
    String dashboards = YAML.readTree(DOCKER.resolve("grafana/provisioning/dashboards/tickflow.yaml").toFile())
        .path("providers").get(0).path("options").path("path").asText();
    assertThat(compose.service("grafana").mountAt(dashboards).map(Mount::hostPath))
        .contains(DOCKER.resolve("grafana/dashboards"));
  }

  @Test
  void shouldWriteValidPromqlWhenPromtoolChecksTheDashboard(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("dashboard-rules.yml");
    Files.writeString(rules, dashboardAsRecordingRules());

    assertThat(PROMTOOL.run("check", "rules", rules.toString())).contains("SUCCESS");
  }

  @Test
  void shouldLoadTheAlertRulesWherePrometheusYmlSaysWhenComposeMountsThem() throws IOException {
    JsonNode ruleFiles = prometheusConfig().path("rule_files");

    assertThat(ruleFiles).as("prometheus.yml rule_files").hasSize(1);
    assertThat(alertRulesFile()).isEqualTo(DOCKER.resolve("prometheus/alerts.yml")).isRegularFile();
  }

  @Test
  void shouldAlertOnlyOnMetricsTheApplicationExposes(@TempDir Path stateDir) throws IOException {
    Set<String> used = new TreeSet<>();
    alertRules().values().forEach(rule -> used.addAll(metricNames(rule.path("expr").asText())));
    // up is Prometheus' own, one per scrape target.
    used.remove("up");

    assertThat(used).contains("tickflow_feed_stale", "tickflow_pipeline_records_rejected_total",
        "tickflow_ws_disconnects_total", "kafka_stream_client_state", "kafka_consumer_fetch_manager_records_lag_max");
    assertThat(used).isSubsetOf(exposedMetricNames(stateDir));
  }

  @Test
  void shouldTellTheOperatorSeverityWhatAndWhereToReadOnEveryAlert() throws IOException {
    assertThat(alertRules()).isNotEmpty().allSatisfy((name, rule) -> {
      assertThat(rule.path("for").asText()).as(name + " for").matches("\\d+[smh]");
      assertThat(rule.path("labels").path("severity").asText()).as(name + " severity").isIn("critical", "warning");
      assertThat(rule.path("annotations").path("summary").asText()).as(name + " summary").isNotBlank();
      assertThat(rule.path("annotations").path("description").asText()).as(name + " description").isNotBlank();
      assertThat(namesAHeading(rule.path("annotations").path("runbook").asText())).as(name + " runbook")
          .isTrue();
    });
  }

  /**
   * The rule and the service must agree on what is stale, or the page and the alert tell different stories: the rule
   * takes the service's own verdict (market hours included), and the threshold its description names is the
   * instances' stale threshold.
   */
  @Test
  void shouldCallAFeedStaleWhenTheInstancesDoAtTheirStaleThreshold() throws IOException {
    JsonNode rule = alertRules().get("TickflowFeedStale");
    Matcher threshold = Pattern.compile("stale threshold \\((\\d+) s\\)").matcher(rule.path("annotations")
        .path("description").asText());

    assertThat(metricNames(rule.path("expr").asText())).containsExactly("tickflow_feed_stale");
    assertThat(rule.path("expr").asText().trim()).endsWith("== 1");
    assertThat(threshold.find()).as("TickflowFeedStale's description names 'stale threshold (<seconds> s)'").isTrue();
    for (Service instance : runServices()) {
      assertThat(queryConfig(instance).staleThreshold())
          .as(instance.name() + " " + QueryServiceConfig.STALE_THRESHOLD_CONFIG).isEqualTo(Duration.ofSeconds(Long.parseLong(threshold.group(1))));
    }
  }

  @Test
  void shouldPassPromtoolCheckOfTheAlertRules() throws Exception {
    assertThat(PROMTOOL.run("check", "rules", alertRulesFile().toString()))
        .contains("SUCCESS: " + alertRules().size());
  }

  @Test
  void shouldFireEachAlertOnItsSeriesAndNotOnOthersWhenPromtoolRunsTheRuleTests() throws Exception {
    Path rulesFile = alertRulesFile();
    Path testFile = rulesFile.resolveSibling("alerts.test.yml");
    JsonNode tests = YAML.readTree(testFile.toFile());
    Set<String> firing = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    tests.path("tests").forEach(test -> test.path("alert_rule_test").forEach(check ->
        (check.path("exp_alerts").isEmpty() ? quiet : firing).add(check.path("alertname").asText())));

    assertThat(tests.path("rule_files")).extracting(JsonNode::asText)
        .containsExactly(rulesFile.getFileName().toString());
    assertThat(firing).as("alerts tested firing").isEqualTo(alertRules().keySet());
    assertThat(quiet).as("alerts tested quiet").isEqualTo(alertRules().keySet());
    assertThat(PROMTOOL.run("test", "rules", testFile.toString())).contains("SUCCESS");
  }

  @Test
  void shouldSendAlertsToTheAlertmanagerThatComposeRunsWithItsConfigMounted() throws IOException {
    Service alertmanager = compose.service(ALERTMANAGER_SERVICE);
    String listen = flagValue(alertmanager.command(), "--web.listen-address");
    int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    List<String> targets = new ArrayList<>();
    prometheusConfig().path("alerting").path("alertmanagers").forEach(manager -> manager.path("static_configs")
        .forEach(group -> group.path("targets").forEach(target -> targets.add(target.asText()))));

    assertThat(alertmanagerConfigFile()).isEqualTo(DOCKER.resolve("alertmanager/alertmanager.yml")).isRegularFile();
    assertThat(targets).as("prometheus.yml alerting targets").containsExactly(ALERTMANAGER_SERVICE + ":" + port);
    assertThat(alertmanager.ports()).extracting(PortMapping::containerPort).containsExactly(port);
    assertThat(alertmanager.node().path("healthcheck").path("test").toString()).contains(":" + port + "/-/healthy");
    assertThat(compose.service("prometheus").dependencies()).contains(ALERTMANAGER_SERVICE);
    assertThat(alertmanager.mountAt(flagValue(alertmanager.command(), "--storage.path")).map(Mount::bind))
        .as("silences and the notification log are on a volume").contains(false);
  }

  /**
   * Routes and inhibitions name alerts by their rule's name and severity: a renamed rule must not leave a matcher
   * that matches nothing. An inhibition's equal labels must be on its source alert as the rule tests fire it, or
   * it would hold back only the target alerts that lack them too.
   */
  @Test
  void shouldMatchOnlyAlertsAndSeveritiesOfTheRulesWhenAlertmanagerRoutesAndInhibits() throws IOException {
    JsonNode config = YAML.readTree(alertmanagerConfigFile().toFile());
    Map<String, JsonNode> rules = alertRules();
    Set<String> severities = rules.values().stream().map(rule -> rule.path("labels").path("severity").asText())
        .collect(Collectors.toSet());
    List<String> matchers = Stream.of("matchers", "source_matchers", "target_matchers")
        .flatMap(field -> config.findValues(field).stream()).flatMap(list -> textsOf(list).stream()).toList();
    Map<String, List<JsonNode>> firedLabels = firedLabelsByAlert();

    assertThat(matchers).as("matchers of alertmanager.yml").isNotEmpty().allSatisfy(matcher -> {
      Matcher parsed = ALERTMANAGER_MATCHER.matcher(matcher);
      assertThat(parsed.matches()).as(matcher + " is label=\"value\" or label!=\"value\"").isTrue();
      assertThat(parsed.group(1)).as(matcher).isIn("alertname", "severity");
      assertThat(parsed.group(1).equals("alertname") ? rules.keySet() : severities).as(matcher)
          .contains(parsed.group(3));
    });
    assertThat(config.path("inhibit_rules")).isNotEmpty().allSatisfy(inhibition -> {
      List<String> equal = textsOf(inhibition.path("equal"));
      for (String source : textsOf(inhibition.path("source_matchers"))) {
        Matcher parsed = ALERTMANAGER_MATCHER.matcher(source);
        if (parsed.matches() && parsed.group(1).equals("alertname") && parsed.group(2).equals("=")) {
          assertThat(firedLabels.get(parsed.group(3))).as(parsed.group(3) + " fired in alerts.test.yml").isNotEmpty()
              .allSatisfy(labels -> assertThat(equal).allMatch(labels::has));
        }
      }
    });
  }

  @Test
  void shouldPassAmtoolCheckOfTheAlertmanagerConfig() throws Exception {
    assertThat(AMTOOL.run("check-config", alertmanagerConfigFile().toString())).contains("SUCCESS");
  }

  @Test
  void shouldDeclareEveryVariableInTheEnvExampleWithoutSecrets() throws IOException {
    assertThat(compose.dotEnv().keySet()).containsAll(compose.referencedVariables());
    assertThat(compose.dotEnv()).allSatisfy((name, value) -> {
      if (name.endsWith("PASSWORD") || name.endsWith("_KEY")) {
        assertThat(value).as(name + " is left for the user to fill in").isEmpty();
      }
    });
    assertThat(Files.readAllLines(DOCKER.resolve(".gitignore"))).contains(".env");

    Set<String> cliSources = cliSourceText();
    for (Service service : compose.services().stream().filter(Service::builds).toList()) {
      if (!runServices().contains(service)) {
        assertThat(service.environment().keySet()).as(service.name() + " sets only variables the CLI reads")
            .allSatisfy(name -> assertThat(cliSources).anyMatch(text -> text.contains("\"" + name + "\"")));
      }
    }
  }

  // --- tickflow run: settings as Settings.load builds them ------------------------------------------------------

  private static final String ENV_PREFIX = "TICKFLOW_";

  /** The services running {@code tickflow run}. */
  private static List<Service> runServices() {
    List<Service> instances = compose.services().stream()
        .filter(service -> service.builds() && !service.command().isEmpty() && service.command().get(0).equals("run"))
        .toList();
    assertThat(instances).as("Tickflow instances").hasSizeGreaterThanOrEqualTo(2);
    return instances;
  }

  /**
   * The file named by {@code --config}, overlaid by the service's TICKFLOW_* variables, as cli's
   * {@code io.tickflow.cli.run.Settings.load} builds it (TICKFLOW_BARS_GRACE_MS is bars.grace.ms). The API keys
   * variable is left out: the query service reads it from the environment itself.
   */
  private static Map<String, String> tickflowSettings(Service instance) throws IOException {
    Mount file = instance.mountAt(optionValue(instance.command(), CONFIG_OPTION))
        .orElseThrow(() -> new AssertionError(instance.name() + ": the --config file is not mounted"));
    Map<String, String> settings = propertiesOf(Files.readString(file.hostPath()));
    instance.environment().forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX) && !name.equals(QueryServiceConfig.API_KEYS_ENV)) {
        settings.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    return settings;
  }

  private static QueryServiceConfig queryConfig(Service instance) throws IOException {
    return new QueryServiceConfig(tickflowSettings(instance), instance.environment());
  }

  /** Keys some part of {@code tickflow run} reads: run, Streams app, query service, Kafka Streams and its clients. */
  /** The names run.components accepts. */
  private static Set<String> runComponentNames() {
    return Stream.of(RunConfig.Component.values())
        .map(component -> component.name().toLowerCase(Locale.ROOT).replace('_', '-')).collect(Collectors.toSet());
  }

  private static List<String> runComponents(Map<String, String> settings) {
    return Stream.of(settings.getOrDefault("run.components", "").split(",")).map(String::trim).toList();
  }

  // --- Kafka and Connect ----------------------------------------------------------------------------------------

  /** The broker's properties from the official image's KAFKA_* variables (KAFKA_LOG_DIRS is log.dirs). */
  private static Map<String, String> brokerProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    compose.service(BROKER_SERVICE).environment().forEach((name, value) -> {
      if (name.startsWith("KAFKA_") && !KAFKA_IMAGE_VARIABLES.contains(name)) {
        String key = name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace("___", "-")
            .replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
        properties.put(key, value);
      }
    });
    return properties;
  }

  /** NAME://host:port,... as listener name to host:port. */
  private static Map<String, String> listeners(String list) {
    return Stream.of(list.split(",")).map(String::trim)
        .collect(Collectors.toMap(listener -> listener.substring(0, listener.indexOf("://")),
            listener -> listener.substring(listener.indexOf("://") + 3)));
  }

  private static Map<String, String> workerProperties() throws IOException {
    Service connect = compose.service(CONNECT_SERVICE);
    Mount file = connect.mountAt(connect.command().get(1))
        .orElseThrow(() -> new AssertionError("the worker properties file is not mounted"));
    return propertiesOf(Files.readString(file.hostPath()));
  }

  /** The connectors connect-init registers: one {@code <name>.json} config per connector, strings only. */
  private static Map<String, Map<String, String>> registeredConnectors() throws IOException {
    Mount directory = compose.service("connect-init").mountAt("/opt/tickflow/connectors")
        .orElseThrow(() -> new AssertionError("connect-init does not mount the connector configs"));
    Map<String, Map<String, String>> connectors = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(directory.hostPath())) {
      for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
        JsonNode config = JSON.readTree(file.toFile());
        config.fields().forEachRemaining(entry -> assertThat(entry.getValue().isTextual())
            .as(file.getFileName() + ": " + entry.getKey() + " is a string, as Connect's REST API wants").isTrue());
        String name = file.getFileName().toString().replaceFirst("\\.json$", "");
        connectors.put(name, JSON.convertValue(config, new TypeReference<Map<String, String>>() { }));
      }
    }
    return connectors;
  }

  /** What the worker makes of ${env:NAME}: the connect service's variable, which must exist. */
  private static Map<String, String> resolveEnvironment(String connector, Map<String, String> config) {
    Map<String, String> environment = compose.service(CONNECT_SERVICE).environment();
    Map<String, String> resolved = new HashMap<>();
    config.forEach((key, value) -> {
      Matcher reference = CONFIG_PROVIDER_REFERENCE.matcher(value);
      StringBuilder text = new StringBuilder();
      while (reference.find()) {
        assertThat(reference.group(1)).as(connector + " " + key + " uses the env provider").isEqualTo("env");
        assertThat(environment).as(connector + " " + key + ": the connect service sets " + reference.group(2))
            .containsKey(reference.group(2));
        reference.appendReplacement(text, Matcher.quoteReplacement(environment.get(reference.group(2))));
      }
      reference.appendTail(text);
      resolved.put(key, text.toString());
    });
    return resolved;
  }

  private static Connector connectorFor(String connectorClass) {
    if (DtcSourceConnector.class.getName().equals(connectorClass)) {
      return new DtcSourceConnector();
    }
    if (TickflowJdbcSinkConnector.class.getName().equals(connectorClass)) {
      return new TickflowJdbcSinkConnector();
    }
    throw new AssertionError("not a connector of the mounted plugins: " + connectorClass);
  }

  // --- Files that Maven builds ----------------------------------------------------------------------------------

  /** {@code <module>/target/<assembly finalName>-<assembly id>/<plugin.name>}, as the module's pom builds it. */
  private static Path connectPluginDirectory(String module) throws Exception {
    Path pom = REPOSITORY.resolve(module).resolve("pom.xml");
    String version = pomValue(REPOSITORY.resolve("pom.xml"), "/project/version");
    String finalName = pomValue(pom, "//plugin[artifactId='maven-assembly-plugin']//configuration/finalName")
        .replace("${project.version}", version);
    String descriptor = pomValue(pom, "//plugin[artifactId='maven-assembly-plugin']//descriptor")
        .replace("${project.basedir}", REPOSITORY.resolve(module).toString());
    String id = pomValue(REPOSITORY.resolve(module).resolve(descriptor).normalize(), "/assembly/id");
    return REPOSITORY.resolve(module).resolve("target").resolve(finalName + "-" + id)
        .resolve(pomValue(pom, "/project/properties/plugin.name"));
  }

  /** cli/target/{finalName}.jar and the copy-dependencies directory, as cli's pom builds them. */
  private static List<String> cliDistribution() throws Exception {
    Path pom = REPOSITORY.resolve("cli/pom.xml");
    String jar = pomValue(pom, "//plugin[artifactId='maven-jar-plugin']/configuration/finalName") + ".jar";
    String lib = pomValue(pom, "//execution[goals/goal='copy-dependencies']/configuration/outputDirectory")
        .replace("${project.build.directory}", "target");
    return List.of("cli/target/" + jar, "cli/" + lib + "/");
  }

  private static String pomValue(Path xml, String xpath) {
    try {
      Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
      String value = XPathFactory.newInstance().newXPath().evaluate(xpath, document).trim();
      assertThat(value).as(xml + " " + xpath).isNotEmpty();
      return value;
    } catch (Exception e) {
      throw new AssertionError("Cannot read " + xpath + " of " + xml, e);
    }
  }

  private static String dockerfile() throws IOException {
    return Files.readString(REPOSITORY.resolve(TICKFLOW_IMAGE_BUILD));
  }

  private static List<String> dockerfileCopySources() throws IOException {
    return dockerfile().lines().filter(line -> line.startsWith("COPY "))
        .map(line -> Stream.of(line.split("\\s+")).filter(part -> !part.startsWith("--")).toList())
        .map(parts -> parts.get(1)).toList();
  }

  private static Set<String> cliSourceText() throws IOException {
    try (Stream<Path> files = Files.walk(REPOSITORY.resolve(CLI_SOURCES))) {
      Set<String> texts = new HashSet<>();
      for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
        texts.add(Files.readString(file));
      }
      return texts;
    }
  }

  // --- Metrics ----------------------------------------------------------------------------------------------------

  /** Metric names a PromQL expression selects: identifiers that are not functions, keywords or label names. */
  static Set<String> metricNames(String expression) {
    String selectors = expression.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
        .replaceAll("\\{[^}]*}", " ")
        .replaceAll("\\[[^]]*]", " ")
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher identifier = PROMQL_IDENTIFIER.matcher(selectors);
    while (identifier.find()) {
      if (identifier.group(2) == null && !PROMQL_KEYWORDS.contains(identifier.group(1))) {
        names.add(identifier.group(1));
      }
    }
    return names;
  }

  /**
   * Sample names of a real /metrics scrape: the query service's registry with every Tickflow meter recorded once,
   * and a Kafka Streams client (never started, so no broker) bound as the service binds its own: the pipeline
   * meters, the RocksDB memory gauges and Micrometer's KafkaStreamsMetrics.
   */
  private static Set<String> scrapedMetricNames(Path stateDir) {
    Properties streamsProperties = streamsProperties(stateDir);
    QueryMetrics metrics = QueryMetrics.create();
    FeedHealth feeds = new FeedHealth(metrics.registry(), Clock.systemUTC(), Duration.ofMinutes(1), Duration.ofDays(7),
        QueryServiceConfig.of(Map.of()).marketCalendar(symbol -> Optional.empty()));
    feeds.onTrade("ES", Instant.now().minus(Duration.ofMinutes(5)));
    metrics.barLatency(Duration.ofMillis(12));
    metrics.httpRequest("GET", "/api/v1/symbols", 200, 1_000_000);
    WsMeters ws = new WsMeters(metrics.registry());
    ws.connected();
    ws.messagesSent(1);
    try (StaleFeedMonitor monitor = new StaleFeedMonitor(feeds, new DiscardingPublisher(), metrics.registry(),
        Clock.systemUTC());
         KafkaStreams streams = new KafkaStreams(passThrough(), streamsProperties);
         QueryMetrics.StreamsMeters streamsMeters = metrics.bindKafkaStreams(streams, streamsProperties)) {
      monitor.check();
      return metrics.scrape().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
          .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
    } finally {
      metrics.close();
    }
  }

  private static Topology passThrough() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("tickflow.raw.trades").to("tickflow.trades");
    return builder.build();
  }

  /** The Streams properties the app builds, the RocksDB memory budget included (so its gauges are bound). */
  private static Properties streamsProperties(Path stateDir) {
    return new StreamsAppConfig(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "compose-file-test",
        StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9", StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()))
        .streamsProperties();
  }

  /**
   * Meters KafkaStreamsMetrics adds only once stream tasks run (topic, partition and task tags): recorded from a
   * real scrape, see the resource's header.
   */
  private static Set<String> taskLevelMetricNames() throws IOException {
    try (InputStream in = ComposeFileTest.class.getResourceAsStream("task-level-metrics.txt")) {
      assertThat(in).as("task-level-metrics.txt").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(line -> !line.startsWith("#") && !line.isBlank()).map(String::trim).collect(Collectors.toSet());
    }
  }

  /** Metric names the application exposes: a live scrape's and the task-level ones recorded from a real one. */
  private static Set<String> exposedMetricNames(Path stateDir) throws IOException {
    Set<String> exposed = new TreeSet<>(scrapedMetricNames(stateDir));
    exposed.addAll(taskLevelMetricNames());
    return exposed;
  }

  private static JsonNode prometheusConfig() throws IOException {
    Mount config = compose.service("prometheus").mountAt("/etc/prometheus/prometheus.yml")
        .orElseThrow(() -> new AssertionError("prometheus.yml is not mounted"));
    return YAML.readTree(config.hostPath().toFile());
  }

  /** The host file compose mounts where prometheus.yml's first rule file is. */
  private static Path alertRulesFile() throws IOException {
    String path = prometheusConfig().path("rule_files").path(0).asText();
    return compose.service("prometheus").mountAt(path).map(Mount::hostPath)
        .orElseThrow(() -> new AssertionError("prometheus.yml loads " + path + ", which compose does not mount"));
  }

  /** The alerting rules Prometheus loads, by alert name. */
  private static Map<String, JsonNode> alertRules() throws IOException {
    Map<String, JsonNode> rules = new TreeMap<>();
    YAML.readTree(alertRulesFile().toFile()).path("groups").forEach(group -> group.path("rules").forEach(rule -> {
      if (rule.has("alert")) {
        rules.put(rule.path("alert").asText(), rule);
      }
    }));
    return rules;
  }

  /** The host file compose mounts where alertmanager's --config.file is. */
  private static Path alertmanagerConfigFile() {
    Service alertmanager = compose.service(ALERTMANAGER_SERVICE);
    String path = flagValue(alertmanager.command(), "--config.file");
    return alertmanager.mountAt(path).map(Mount::hostPath)
        .orElseThrow(() -> new AssertionError("alertmanager reads " + path + ", which compose does not mount"));
  }

  /** The labels each alert fires with in alerts.test.yml ({@code exp_labels}), by alert name. */
  private static Map<String, List<JsonNode>> firedLabelsByAlert() throws IOException {
    Map<String, List<JsonNode>> fired = new TreeMap<>();
    YAML.readTree(alertRulesFile().resolveSibling("alerts.test.yml").toFile()).path("tests")
        .forEach(test -> test.path("alert_rule_test").forEach(check -> check.path("exp_alerts")
            .forEach(alert -> fired.computeIfAbsent(check.path("alertname").asText(), name -> new ArrayList<>())
                .add(alert.path("exp_labels")))));
    return fired;
  }

  /** Whether {@code link} ({@code docs/x.md#anchor}) names a heading of a repository file, as GitHub anchors it. */
  private static boolean namesAHeading(String link) {
    int hash = link.indexOf('#');
    Path file = REPOSITORY.resolve(link.substring(0, Math.max(hash, 0)));
    if (hash < 1 || !Files.isRegularFile(file)) {
      return false;
    }
    try (Stream<String> lines = Files.lines(file)) {
      return lines.filter(line -> line.startsWith("#"))
          .map(line -> line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "")
              .replace(' ', '-'))
          .anyMatch(link.substring(hash + 1)::equals);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every dashboard expression as a recording rule, Grafana's $__rate_interval as a fixed range. */
  private static String dashboardAsRecordingRules() throws IOException {
    JsonNode dashboard = JSON.readTree(DOCKER.resolve("grafana/dashboards/tickflow.json").toFile());
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    List<String> expressions = new ArrayList<>();
    dashboard.path("panels").forEach(panel -> panel.path("targets")
        .forEach(target -> expressions.add(target.path("expr").asText())));
    for (int i = 0; i < expressions.size(); i++) {
      rules.append("      - record: dashboard:expression_").append(i).append('\n')
          .append("        expr: ")
          .append(JSON.writeValueAsString(expressions.get(i).replace("$__rate_interval", "5m")))
          .append('\n');
    }
    return rules.toString();
  }

  // --- Small helpers ----------------------------------------------------------------------------------------------

  private static String optionValue(List<String> command, String option) {
    int index = command.indexOf(option);
    assertThat(index).as(option + " in " + command).isNotNegative().isLessThan(command.size() - 1);
    return command.get(index + 1);
  }

  /** The value of a {@code --flag=value} argument, the form Prometheus' programs take. */
  private static String flagValue(List<String> command, String flag) {
    List<String> values = command.stream().filter(argument -> argument.startsWith(flag + "="))
        .map(argument -> argument.substring(flag.length() + 1)).toList();
    assertThat(values).as(flag + " in " + command).hasSize(1);
    return values.get(0);
  }

  private static List<String> textsOf(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(element -> texts.add(element.asText()));
    return texts;
  }

  private static Map<String, String> propertiesOf(String text) throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(text));
    Map<String, String> map = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name).trim()));
    return map;
  }

  private static Properties asProperties(Map<String, String> map) {
    Properties properties = new Properties();
    properties.putAll(map);
    return properties;
  }

  /** Alerts go nowhere: only their counter matters here. */
  private static final class DiscardingPublisher implements AlertPublisher {
    @Override
    public void publish(Alert alert) {
      // The counter tickflow_alerts_total is what the dashboard charts.
    }

    @Override
    public Map<String, Alert> latest() {
      return Map.of();
    }

    @Override
    public void close() {
      // Nothing held.
    }
  }
}
