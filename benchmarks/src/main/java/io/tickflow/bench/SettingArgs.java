package io.tickflow.bench;

import java.util.HashMap;
import java.util.Map;

/** The trailing {@code key=value} arguments of a harness: settings that override its defaults. */
public final class SettingArgs {

  private SettingArgs() {
  }

  /** The settings given from argument {@code first} on. */
  public static Map<String, String> from(String[] args, int first) {
    Map<String, String> settings = new HashMap<>();
    for (int i = first; i < args.length; i++) {
      String[] setting = args[i].split("=", 2);
      if (setting.length != 2) {
        throw new IllegalArgumentException("expected key=value, got " + args[i]);
      }
      settings.put(setting[0], setting[1]);
    }
    return settings;
  }
}
