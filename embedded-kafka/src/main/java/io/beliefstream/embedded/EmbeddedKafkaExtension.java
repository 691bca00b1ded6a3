package io.beliefstream.embedded;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that provides a real {@link EmbeddedKafka} broker. The broker is started once per test JVM (in
 * the root extension store) and shared by every test class that uses the extension; it is stopped and its data
 * removed when the JVM's test run ends. Tests isolate themselves by using their own topic names and group ids.
 *
 * <pre>{@code
 * @ExtendWith(EmbeddedKafkaExtension.class)
 * class SomeIntegrationTest {
 *     @Test void shouldDoThings(EmbeddedKafka kafka) { ... kafka.bootstrapServers() ... }
 * }
 * }</pre>
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(EmbeddedKafkaExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        broker(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return broker(context);
    }

    /** The shared broker, started on first use. */
    public static EmbeddedKafka broker(ExtensionContext context) {
        return context.getRoot().getStore(NS)
                .getOrComputeIfAbsent("broker", k -> new Resource(EmbeddedKafka.start()), Resource.class).kafka;
    }

    private record Resource(EmbeddedKafka kafka) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            kafka.close();
        }
    }
}
