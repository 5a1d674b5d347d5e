package io.klanneal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.klanneal.config.OptionType;
import io.klanneal.config.TrainOption;
import io.klanneal.run.ModelRecipes;
import io.klanneal.run.TrainConfig;
import java.util.HashSet;
import java.util.Set;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Binds every training option ({@link ModelRecipes#allOptions()}: klanneal's and those of the model
 * kinds found, plugins included) to a command as {@code --NAME}, with the
 * option's own description and default, and reads what was given back into a {@link
 * TrainConfig.Builder}. No option is declared a second time here.
 */
public final class TrainOptionsBinding implements IModelTransformer {

    @Override
    public CommandSpec transform(CommandSpec command) {
        command.usageMessage().sortOptions(false);
        for (TrainOption<?> option : ModelRecipes.allOptions()) {
            OptionSpec.Builder flag = OptionSpec.builder(option.flag()).description(ModelRecipes.help(option));
            if (option.type() == OptionType.BOOLEAN) {
                flag.type(boolean.class).arity("0").negatable(true);
            } else {
                flag.type(String.class).paramLabel(option.type().label());
            }
            command.addOption(flag.build());
        }
        return command;
    }

    /**
     * Sets on the builder each option given on the command line.
     *
     * @param parsed the command's parse result
     * @param builder the builder
     * @throws IllegalArgumentException naming the option whose value is wrong (the CLI shows it
     *     as its flag)
     */
    static void apply(ParseResult parsed, TrainConfig.Builder builder) {
        for (TrainOption<?> option : ModelRecipes.allOptions()) {
            if (parsed.hasMatchedOption(option.flag())) {
                set(builder, option, parsed.matchedOptionValue(option.flag(), (Object) null));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void set(TrainConfig.Builder builder, TrainOption<T> option, Object value) {
        builder.set(option, value instanceof String text ? option.parse(text) : (T) value);
    }

    /**
     * Returns the options given on the command line as {@code config.json} writes them.
     *
     * @param parsed the command's parse result
     * @return option name to JSON value
     * @throws IllegalArgumentException naming the option whose value is wrong
     */
    static ObjectNode toJson(ParseResult parsed) {
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        for (TrainOption<?> option : ModelRecipes.allOptions()) {
            if (parsed.hasMatchedOption(option.flag())) {
                values.set(option.name(), json(option, parsed.matchedOptionValue(option.flag(), (Object) null)));
            }
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static <T> JsonNode json(TrainOption<T> option, Object value) {
        return option.type().toJson(value instanceof String text ? option.parse(text) : (T) value);
    }

    /** Returns the names of the options given on the command line, as config.json names them. */
    static Set<String> given(ParseResult parsed) {
        Set<String> names = new HashSet<>();
        for (TrainOption<?> option : ModelRecipes.allOptions()) {
            if (parsed.hasMatchedOption(option.flag())) {
                names.add(option.name());
            }
        }
        return names;
    }
}
