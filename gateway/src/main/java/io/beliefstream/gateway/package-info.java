/** The HTTP face of the service (Vert.x Web): health, metrics and, as it grows, the API and dashboard. */
package io.beliefstream.gateway;
