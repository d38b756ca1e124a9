package io.tickflow.dtc.codec;

import io.tickflow.dtc.codec.message.DtcMessages;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reaches a flyweight's typed accessors by the header's member names, so tests can be driven by the vectors. */
final class FieldAccessors {
  private static final Pattern WORD = Pattern.compile("[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\\d+");

  private FieldAccessors() {
  }

  static DtcFlyweight<?> newFlyweight(int type) {
    final String simpleName = Arrays.stream(DtcMessages.name(type).split("_"))
        .map(w -> w.charAt(0) + w.substring(1).toLowerCase(Locale.ROOT))
        .collect(Collectors.joining());
    try {
      return (DtcFlyweight<?>) Class.forName("io.tickflow.dtc.codec.message." + simpleName)
          .getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("no flyweight for type " + type, e);
    }
  }

  /** SymbolID -> symbolId, OCOOrdersSupported -> ocoOrdersSupported, Integer_1 -> integer1. */
  static String accessorName(String field) {
    final Matcher matcher = WORD.matcher(field.replace('_', ' '));
    final StringBuilder name = new StringBuilder();
    while (matcher.find()) {
      final String word = matcher.group();
      name.append(name.length() == 0 ? word.toLowerCase(Locale.ROOT)
          : word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT));
    }
    return name.toString();
  }

  static Object get(DtcFlyweight<?> flyweight, String field) {
    return invoke(getter(flyweight, field), flyweight);
  }

  static void set(DtcFlyweight<?> flyweight, String field, String listedValue) {
    final Method getter = getter(flyweight, field);
    final Class<?> type = getter.getReturnType();
    try {
      invoke(flyweight.getClass().getMethod(getter.getName(), type == String.class ? CharSequence.class : type),
          flyweight, parse(type, listedValue));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("no setter for " + field, e);
    }
  }

  /** Parses a value as the vectors list it ("DTC" quoted, 5000.25f, DBL_MAX ...) into the accessor's type. */
  static Object parse(Class<?> type, String listed) {
    if (type == String.class) {
      return listed.substring(1, listed.length() - 1);
    }
    final String number = listed.endsWith("f") ? listed.substring(0, listed.length() - 1) : listed;
    if (type == double.class) {
      return "DBL_MAX".equals(number) ? Unset.DOUBLE : Double.parseDouble(number);
    }
    if (type == float.class) {
      return "FLT_MAX".equals(number) ? Unset.FLOAT : Float.parseFloat(number);
    }
    if (type == long.class) {
      return "UINT_MAX".equals(number) ? Unset.UINT32 : Long.parseLong(number);
    }
    return Integer.parseInt(number);
  }

  private static Method getter(DtcFlyweight<?> flyweight, String field) {
    try {
      return flyweight.getClass().getMethod(accessorName(field));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(flyweight.layout().name() + " has no accessor for " + field, e);
    }
  }

  private static Object invoke(Method method, Object target, Object... args) {
    try {
      return method.invoke(target, args);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(method.getName(), e);
    }
  }
}
