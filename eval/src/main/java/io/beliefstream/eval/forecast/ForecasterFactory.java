package io.beliefstream.eval.forecast;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Makes a {@link Forecaster} for a series and names it in results. A factory that learns across series (a neural
 * forecaster trained on the dataset's training split) does it once in {@link #fit}; per-series fitting belongs in
 * {@link #create}.
 */
public interface ForecasterFactory {

    /** Name in results and reports. */
    String name();

    /**
     * Called once per evaluation run, before any {@link #create}, with the context of every series the run will
     * stream (one for ETT, every series for M4): their training (and validation) splits, never a test value.
     * Default: nothing to fit.
     */
    default void fit(List<ForecastContext> series) {
    }

    /** A fresh forecaster, fitted on the context's training split if it fits anything. */
    Forecaster create(ForecastContext context);

    /** A factory of the given name whose {@link #create} is {@code create} (fits nothing across series). */
    static ForecasterFactory of(String name, Function<ForecastContext, Forecaster> create) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(create, "create");
        return new ForecasterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Forecaster create(ForecastContext context) {
                return create.apply(context);
            }
        };
    }

    /**
     * An immutable copy of {@code forecasters}, checked for an evaluation's options: not empty, names unique.
     *
     * @throws IllegalArgumentException naming the field {@code forecasters}
     */
    static List<ForecasterFactory> checkedList(List<ForecasterFactory> forecasters) {
        Objects.requireNonNull(forecasters, "forecasters");
        if (forecasters.isEmpty()) {
            throw new IllegalArgumentException("forecasters must not be empty");
        }
        Set<String> names = new HashSet<>();
        for (ForecasterFactory f : forecasters) {
            if (!names.add(f.name())) {
                throw new IllegalArgumentException("forecasters: name '" + f.name() + "' appears twice");
            }
        }
        return List.copyOf(forecasters);
    }
}
