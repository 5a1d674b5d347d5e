package io.klanneal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How an option's value is written: parsed from command-line text, read from and written to JSON,
 * and shown in help. Errors say what was expected, never which option (the caller names it).
 *
 * @param <T> the value's Java type
 */
public interface OptionType<T> {

    /** Parses command-line text. */
    T parse(String text);

    /** Reads a JSON value. */
    T fromJson(JsonNode node);

    /** Writes a JSON value. */
    JsonNode toJson(T value);

    /** Returns the text a user would type for this value. */
    default String format(T value) {
        return String.valueOf(value);
    }

    /** Returns a short name of the expected values, for help ({@code INT}, {@code dense|text}). */
    String label();

    JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A whole number that fits in an {@code int}. */
    OptionType<Integer> INTEGER = whole(Integer.MIN_VALUE, Integer.MAX_VALUE, v -> (int) v);

    /** A whole number that fits in a {@code long}. */
    OptionType<Long> LONG = whole(Long.MIN_VALUE, Long.MAX_VALUE, v -> v);

    /**
     * Returns a type of whole numbers between two bounds.
     *
     * @param min the lowest value the Java type holds
     * @param max the highest
     * @param box turns the number into the Java type
     * @param <T> the Java type
     * @return the type
     */
    private static <T extends Number> OptionType<T> whole(long min, long max, java.util.function.LongFunction<T> box) {
        return new OptionType<>() {
            @Override
            public T parse(String text) {
                try {
                    return checked(Long.parseLong(text.trim()), text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "expected a whole number from " + min + " to " + max + ", got '" + text + "'");
                }
            }

            @Override
            public T fromJson(JsonNode node) {
                if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                    throw new IllegalArgumentException("expected a whole number, got " + node);
                }
                return checked(node.asLong(), node.toString());
            }

            private T checked(long value, String text) {
                if (value < min || value > max) {
                    throw new IllegalArgumentException(
                            "expected a whole number from " + min + " to " + max + ", got '" + text + "'");
                }
                return box.apply(value);
            }

            @Override
            public JsonNode toJson(T value) {
                return NODES.numberNode(value.longValue());
            }

            @Override
            public String label() {
                return "INT";
            }
        };
    }

    /** A finite real number. */
    OptionType<Double> NUMBER =
            new OptionType<>() {
                @Override
                public Double parse(String text) {
                    double value;
                    try {
                        value = Double.parseDouble(text.trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("expected a number, got '" + text + "'");
                    }
                    return finite(value, text);
                }

                @Override
                public Double fromJson(JsonNode node) {
                    if (!node.isNumber()) {
                        throw new IllegalArgumentException("expected a number, got " + node);
                    }
                    return finite(node.asDouble(), node.toString());
                }

                private Double finite(double value, String text) {
                    if (!Double.isFinite(value)) {
                        throw new IllegalArgumentException("expected a finite number, got '" + text + "'");
                    }
                    return value;
                }

                @Override
                public JsonNode toJson(Double value) {
                    return NODES.numberNode(value);
                }

                @Override
                public String label() {
                    return "NUMBER";
                }
            };

    /** true or false. */
    OptionType<Boolean> BOOLEAN =
            new OptionType<>() {
                @Override
                public Boolean parse(String text) {
                    String t = text.trim().toLowerCase(Locale.ROOT);
                    if (!t.equals("true") && !t.equals("false")) {
                        throw new IllegalArgumentException("expected true or false, got '" + text + "'");
                    }
                    return t.equals("true");
                }

                @Override
                public Boolean fromJson(JsonNode node) {
                    if (!node.isBoolean()) {
                        throw new IllegalArgumentException("expected true or false, got " + node);
                    }
                    return node.asBoolean();
                }

                @Override
                public JsonNode toJson(Boolean value) {
                    return NODES.booleanNode(value);
                }

                @Override
                public String label() {
                    return "BOOLEAN";
                }
            };

    /** Any text. */
    OptionType<String> TEXT = parsed("TEXT", Function.identity(), Function.identity());

    /**
     * Returns a type written as text and parsed into a value, such as a schedule spec.
     *
     * @param label the help label
     * @param parser text to value, throwing {@link IllegalArgumentException} that says what is wrong
     * @param formatter value to the text that parses back into it
     * @param <T> the value type
     * @return the type
     */
    static <T> OptionType<T> parsed(
            String label, Function<String, T> parser, Function<T, String> formatter) {
        return new OptionType<>() {
            @Override
            public T parse(String text) {
                return parser.apply(text);
            }

            @Override
            public T fromJson(JsonNode node) {
                if (!node.isTextual()) {
                    throw new IllegalArgumentException("expected a string, got " + node);
                }
                return parser.apply(node.asText());
            }

            @Override
            public JsonNode toJson(T value) {
                return NODES.textNode(formatter.apply(value));
            }

            @Override
            public String format(T value) {
                return formatter.apply(value);
            }

            @Override
            public String label() {
                return label;
            }
        };
    }

    /**
     * Returns a type whose values are an enum's constants, written in lower case.
     *
     * @param type the enum
     * @param <E> the enum type
     * @return the type
     */
    static <E extends Enum<E>> OptionType<E> choice(Class<E> type) {
        E[] values = type.getEnumConstants();
        String names =
                Arrays.stream(values)
                        .map(v -> v.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining("|"));
        return parsed(
                names,
                text -> {
                    for (E value : values) {
                        if (value.name().equalsIgnoreCase(text.trim())) {
                            return value;
                        }
                    }
                    throw new IllegalArgumentException(
                            "expected one of " + names.replace("|", ", ") + ", got '" + text + "'");
                },
                value -> value.name().toLowerCase(Locale.ROOT));
    }
}
