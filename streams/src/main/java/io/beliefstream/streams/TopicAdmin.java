package io.beliefstream.streams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the service's topics when they are missing: observations and state with {@code engine.partitions}
 * partitions (co-partitioned), state and codebooks compacted. Existing topics are kept as they are, but a state topic
 * whose partition count differs from the observations topic is refused, because states must follow their stream's
 * partition.
 */
public final class TopicAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
    private static final long TIMEOUT_S = 30;

    private TopicAdmin() {}

    /**
     * Describes topics, retrying while the broker does not know them yet: a topic just created may take a moment to
     * reach the metadata the broker answers from.
     */
    private static Map<String, TopicDescription> describeWhenVisible(Admin admin, List<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Creates the missing topics of {@code config.topics()} and checks that observations and state are
     * co-partitioned; blocks up to 30 s per admin call.
     *
     * @throws IllegalStateException when the broker cannot be reached or the partition counts differ
     */
    public static void ensureTopics(EngineConfig config) {
        Topics t = config.topics();
        Map<String, Object> props = new HashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_S));
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : t.all()) {
                if (existing.contains(name)) {
                    continue;
                }
                int partitions = name.equals(t.metrics()) || name.equals(t.codebooks()) ? 1 : config.partitions();
                NewTopic nt = new NewTopic(name, partitions, (short) -1);
                if (t.compacted().contains(name)) {
                    nt.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                            TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1",
                            TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(TimeUnit.HOURS.toMillis(1))));
                }
                missing.add(nt);
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(TIMEOUT_S, TimeUnit.SECONDS);
                    LOG.info("created topics {}", missing.stream().map(NewTopic::name).toList());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            Map<String, TopicDescription> d = describeWhenVisible(admin, List.of(t.observations(), t.state()));
            int obs = d.get(t.observations()).partitions().size();
            int state = d.get(t.state()).partitions().size();
            if (obs != state) {
                throw new IllegalStateException("topic " + t.state() + " has " + state + " partitions but "
                        + t.observations() + " has " + obs + "; they must be co-partitioned");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create or describe topics at " + config.bootstrapServers()
                    + ": " + e.getMessage(), e);
        }
    }
}
