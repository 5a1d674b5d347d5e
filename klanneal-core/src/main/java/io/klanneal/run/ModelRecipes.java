package io.klanneal.run;

import io.klanneal.config.ModelKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The model recipes on the class path, found once. */
final class ModelRecipes {

    static final Map<ModelKind, ModelRecipe<?>> BY_KIND = new EnumMap<>(ModelKind.class);

    static {
        for (ModelRecipe<?> recipe : ServiceLoader.load(ModelRecipe.class, ModelRecipe.class.getClassLoader())) {
            BY_KIND.putIfAbsent(recipe.kind(), recipe);
        }
    }

    private ModelRecipes() {}
}
