package io.tickflow.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker/compose.yaml as {@code docker compose} sees it with docker/.env copied from docker/.env.example: variables
 * interpolated (an empty required variable gets a stand-in value, as a user's filled-in .env would), then parsed.
 * Only the compose features the file uses are modelled: map-form {@code environment}, short-form {@code ports} and
 * {@code volumes}.
 */
final class ComposeProject {

  static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  static final Path DOCKER = REPOSITORY.resolve("docker");
  static final ObjectMapper YAML = new YAMLMapper();
  static final ObjectMapper JSON = new ObjectMapper();

  // ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}; $$ is a literal $.
  private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

  private final JsonNode root;
  private final Map<String, String> dotEnv;
  private final Set<String> referenced;

  private ComposeProject(JsonNode root, Map<String, String> dotEnv, Set<String> referenced) {
    this.root = root;
    this.dotEnv = dotEnv;
    this.referenced = referenced;
  }

  static ComposeProject load() throws IOException {
    Map<String, String> dotEnv = readDotEnv(DOCKER.resolve(".env.example"));
    Set<String> referenced = new LinkedHashSet<>();
    String text = interpolate(Files.readString(DOCKER.resolve("compose.yaml")), dotEnv, referenced);
    return new ComposeProject(YAML.readTree(text), dotEnv, referenced);
  }

  /** The stand-in of a variable that .env.example leaves for the user to fill in (a password, a key). */
  static String standIn(String variable) {
    return "stand-in-" + variable.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  JsonNode root() {
    return root;
  }

  /** docker/.env.example, NAME=value per line. */
  Map<String, String> dotEnv() {
    return dotEnv;
  }

  /** Every variable compose.yaml interpolates. */
  Set<String> referencedVariables() {
    return referenced;
  }

  /** The value docker compose would use for a variable of .env. */
  String variable(String name) {
    String value = dotEnv.getOrDefault(name, "");
    return value.isEmpty() ? standIn(name) : value;
  }

  List<Service> services() {
    List<Service> services = new ArrayList<>();
    root.path("services").fields()
        .forEachRemaining(entry -> services.add(new Service(entry.getKey(), entry.getValue())));
    return services;
  }

  Service service(String name) {
    return services().stream().filter(service -> service.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("compose.yaml has no service " + name));
  }

  Set<String> serviceNames() {
    Set<String> names = new LinkedHashSet<>();
    root.path("services").fieldNames().forEachRemaining(names::add);
    return names;
  }

  static Map<String, String> readDotEnv(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int equals = trimmed.indexOf('=');
      if (equals <= 0) {
        throw new AssertionError(file + ": not NAME=value: " + line);
      }
      values.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
    }
    return values;
  }

  private static String interpolate(String text, Map<String, String> dotEnv, Set<String> referenced) {
    Matcher matcher = VARIABLE.matcher(text);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(result, Matcher.quoteReplacement(value(matcher, dotEnv, referenced)));
    }
    matcher.appendTail(result);
    return result.toString();
  }

  private static String value(Matcher matcher, Map<String, String> dotEnv, Set<String> referenced) {
    if (matcher.group().equals("$$")) {
      return "$";
    }
    String name = matcher.group(1);
    referenced.add(name);
    String operator = Optional.ofNullable(matcher.group(2)).orElse("");
    String value = dotEnv.get(name);
    boolean unset = value == null || (operator.startsWith(":") && value.isEmpty());
    if (!unset) {
      return value;
    }
    if (operator.endsWith("-")) {
      return matcher.group(3);
    }
    if (operator.endsWith("?")) {
      return standIn(name);
    }
    return "";
  }

  /** One service of compose.yaml. */
  record Service(String name, JsonNode node) {

    String image() {
      return node.path("image").asText("");
    }

    boolean builds() {
      return node.has("build");
    }

    List<String> command() {
      List<String> command = new ArrayList<>();
      node.path("command").forEach(part -> command.add(part.asText()));
      return command;
    }

    Map<String, String> environment() {
      JsonNode environment = node.path("environment");
      if (!environment.isMissingNode() && !environment.isObject()) {
        throw new AssertionError(name + ": environment must be a map in compose.yaml");
      }
      Map<String, String> variables = new LinkedHashMap<>();
      // This model interpolates the text before parsing it, so `${NAME:-}` leaves an empty YAML value (null);
      // docker compose interpolates the parsed strings, so the variable is set, to the empty string.
      environment.fields().forEachRemaining(entry -> variables.put(entry.getKey(),
          entry.getValue().isNull() ? "" : entry.getValue().asText()));
      return variables;
    }

    List<String> dependencies() {
      JsonNode dependsOn = node.path("depends_on");
      List<String> names = new ArrayList<>();
      if (dependsOn.isArray()) {
        dependsOn.forEach(dependency -> names.add(dependency.asText()));
      } else {
        dependsOn.fieldNames().forEachRemaining(names::add);
      }
      return names;
    }

    List<PortMapping> ports() {
      List<PortMapping> ports = new ArrayList<>();
      node.path("ports").forEach(port -> ports.add(PortMapping.parse(name, port.asText())));
      return ports;
    }

    /** Bind mounts (host paths, relative to docker/) and named volumes, in short syntax. */
    List<Mount> mounts() {
      List<Mount> mounts = new ArrayList<>();
      node.path("volumes").forEach(volume -> mounts.add(Mount.parse(name, volume.asText())));
      return mounts;
    }

    Optional<Mount> mountAt(String target) {
      return mounts().stream().filter(mount -> mount.target().equals(target)).findFirst();
    }
  }

  /** {@code [ip:]host:container} of a service's {@code ports}. */
  record PortMapping(int hostPort, int containerPort) {

    static PortMapping parse(String service, String text) {
      String[] parts = text.split(":");
      if (parts.length < 2) {
        throw new AssertionError(service + ": publish ports as [ip:]host:container, was " + text);
      }
      return new PortMapping(Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1]));
    }
  }

  /** {@code source:target[:ro]} of a service's {@code volumes}: a bind mount when the source is a path. */
  record Mount(String source, String target, boolean bind) {

    static Mount parse(String service, String text) {
      String[] parts = text.split(":");
      if (parts.length < 2) {
        throw new AssertionError(service + ": mount as source:target[:ro], was " + text);
      }
      boolean bind = parts[0].startsWith(".") || parts[0].startsWith("/");
      return new Mount(parts[0], parts[1], bind);
    }

    /** The host path of a bind mount (compose resolves it against the compose file's directory). */
    Path hostPath() {
      return DOCKER.resolve(source).normalize();
    }
  }
}
