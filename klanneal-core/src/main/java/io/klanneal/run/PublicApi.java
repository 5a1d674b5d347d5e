package io.klanneal.run;

import java.util.Set;

/**
 * The packages a model kind of one's own may use: what {@link ModelRecipe} and its parts name, and
 * the data, model and training pieces every kind shares. The rest of klanneal (the built-in kinds,
 * the command line, reports, comparisons, the engine seam) may change without notice. The
 * PixelCNN plugin's build checks that it uses nothing else.
 */
public final class PublicApi {

    /** The public packages. */
    public static final Set<String> PACKAGES = Set.of(
            "io.klanneal.schedule",
            "io.klanneal.config",
            "io.klanneal.data",
            "io.klanneal.model",
            "io.klanneal.record",
            "io.klanneal.run",
            "io.klanneal.train");

    private PublicApi() {}
}
