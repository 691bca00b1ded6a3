package io.beliefstream.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beliefstream.gateway.GatewayException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class EventHubTest {

    /** An HttpServerResponse that records writes; {@code full} simulates a slow client. */
    static HttpServerResponse response(List<String> writes, AtomicBoolean full) {
        return (HttpServerResponse) Proxy.newProxyInstance(EventHubTest.class.getClassLoader(),
                new Class<?>[] {HttpServerResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "write" -> {
                            writes.add(args[0].toString());
                            return null;
                        }
                        case "writeQueueFull" -> {
                            return full.get();
                        }
                        default -> {
                            return method.getReturnType().isInstance(proxy) ? proxy : null;
                        }
                    }
                });
    }

    @Test
    void shouldBatchEventsPerFlushAndDropTheOldestForASlowClient() {
        EventHub hub = new EventHub(3, 10);
        List<String> writes = new ArrayList<>();
        AtomicBoolean full = new AtomicBoolean(true);
        hub.subscribe("s", response(writes, full));
        writes.clear(); // the retry line
        for (int i = 1; i <= 5; i++) {
            hub.publish("s", new JsonObject().put("n", i));
        }
        hub.publish("other", new JsonObject().put("n", 99));
        hub.flush(JsonObject::new);
        assertThat(writes).as("nothing written while the client's queue is full").isEmpty();
        full.set(false);
        hub.flush(JsonObject::new);
        assertThat(writes).hasSize(1);
        assertThat(writes.get(0)).doesNotContain("\"n\":1}", "\"n\":2}", "99")
                .contains("event: prediction\ndata: {\"n\":3}\n\n", "{\"n\":4}", "{\"n\":5}");
        assertThat(hub.dropped()).isEqualTo(2);
        assertThat(hub.delivered()).isEqualTo(3);
        hub.flush(JsonObject::new);
        assertThat(writes).hasSize(1);
    }

    @Test
    void shouldPushOneSnapshotPerFlushToDashboardsAndCapSubscribers() {
        EventHub hub = new EventHub(8, 2);
        List<String> writes = new ArrayList<>();
        hub.subscribe(null, response(writes, new AtomicBoolean(false)));
        hub.subscribe("s", response(new ArrayList<>(), new AtomicBoolean(false)));
        writes.clear();
        int[] made = {0};
        hub.flush(() -> new JsonObject().put("snapshot", ++made[0]));
        hub.flush(() -> new JsonObject().put("snapshot", ++made[0]));
        assertThat(made[0]).isEqualTo(2);
        assertThat(writes).containsExactly("event: snapshot\ndata: {\"snapshot\":1}\n\n",
                "event: snapshot\ndata: {\"snapshot\":2}\n\n");
        assertThat(hub.subscribers()).isEqualTo(2);
        assertThatThrownBy(() -> hub.subscribe("t", response(new ArrayList<>(), new AtomicBoolean(false))))
                .isInstanceOf(GatewayException.class).hasMessageContaining("gateway.sse-max-subscribers");
        EventHub quiet = new EventHub(8, 2);
        quiet.flush(() -> {
            throw new AssertionError("no snapshot without dashboard subscribers");
        });
    }
}
