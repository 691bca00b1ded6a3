/**
 * The launcher: command line ({@code serve}, {@code demo}, ...), configuration resolution (flags, environment,
 * properties file, defaults; {@link io.beliefstream.app.Settings}) and assembly of broker, engine, monitoring and
 * gateway into one running service.
 */
package io.beliefstream.app;
