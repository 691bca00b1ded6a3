package io.beliefstream.gateway;

import java.util.List;

/**
 * The models the service can serve, as {@code GET /v1/models} and {@code POST /v1/models/{name}/activate} see them.
 * The application implements it over the engine (which owns hot swapping); the gateway only calls it, off the event
 * loop, so an implementation may block while a swap completes.
 */
public interface ModelCatalog {

    /**
     * One model.
     *
     * @param name unique name, the path parameter of activation (for example {@code last-value}, {@code td-vae})
     * @param version version of the trained instance (bundle id)
     * @param kind what it does, for example {@code forecaster} or {@code window-scorer}
     * @param stateFormat binary layout of its per-stream states; a swap between equal formats keeps the states
     * @param active whether it serves now
     */
    record ModelDescriptor(String name, String version, String kind, String stateFormat, boolean active) {}

    /**
     * Outcome of an activation.
     *
     * @param model the model now active
     * @param changed false when it was already active (a no-op)
     */
    record Activation(ModelDescriptor model, boolean changed) {}

    /** Every available model, the active one(s) flagged. */
    List<ModelDescriptor> models();

    /**
     * Makes {@code name} the serving model.
     *
     * @throws GatewayException with status 404 when no model has that name, 409 when it cannot replace the active
     *     one (for example incompatible state formats), 503 when the engine cannot swap now
     */
    Activation activate(String name);
}
