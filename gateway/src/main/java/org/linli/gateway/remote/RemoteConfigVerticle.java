package org.linli.gateway.remote;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.linli.gateway.mqtt.MqttLink;
import org.linli.gateway.uplink.UplinkVerticle;
import org.linli.wire.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Takes this gateway's config from the cloud: subscribes to the retained
 * {@code linli/v1/{site}/{gateway}/config} on the uplink's connection, decides with
 * {@link ConfigDecision}, and for a newer valid config persists it with
 * {@link VersionedConfigFile#writeAtomically} (on a worker thread), answers
 * {@code {"version":N,"accepted":true}} on {@code config/result} and then hands over to
 * {@link RemoteConfig#apply()}. A refused config is answered with its reason; the running config
 * carries on untouched.
 */
public final class RemoteConfigVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteConfigVerticle.class);
    /** How long the accepted answer may wait for its PUBACK before the restart goes ahead anyway. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(3);

    private final String site;
    private final String gateway;
    private final RemoteConfig remote;
    private final UplinkVerticle uplink;
    private final String configTopic;
    private final String resultTopic;
    private boolean applying;

    public RemoteConfigVerticle(String site, String gateway, RemoteConfig remote, UplinkVerticle uplink) {
        this.site = site;
        this.gateway = gateway;
        this.remote = remote;
        this.uplink = uplink;
        this.configTopic = Topics.config(site, gateway);
        this.resultTopic = Topics.configResult(site, gateway);
    }

    @Override
    public void start() {
        uplink.subscribe(configTopic, new MqttLink.Events() {
            @Override
            public void message(String topic, byte[] payload, long receivedAt) {
                context.runOnContext(v -> onConfig(payload));
            }
        });
    }

    private void onConfig(byte[] payload) {
        if (applying) {
            LOG.debug("remote config: already applying one; ignoring another message");
            return;
        }
        ConfigDecision.Outcome outcome = ConfigDecision.decide(site, gateway, remote.runningVersion(),
                remote.failedVersion(), payload);
        if (outcome instanceof ConfigDecision.Ignore ignore) {
            LOG.debug("remote config: {}", ignore.why());
        } else if (outcome instanceof ConfigDecision.Refuse refuse) {
            LOG.warn("remote config version {} refused, running version {} stays: {}", refuse.version(),
                    remote.runningVersion(), refuse.reason());
            answer(refuse.version(), false, refuse.reason());
        } else if (outcome instanceof ConfigDecision.Apply apply) {
            applying = true;
            String text = VersionedConfigFile.render(apply.version(), apply.yaml());
            vertx.executeBlocking(() -> {
                VersionedConfigFile.writeAtomically(remote.file(), text);
                return null;
            }, false).onSuccess(v -> {
                LOG.info("remote config version {} accepted ({} sensors) and written to {}; applying it", apply.version(),
                        apply.config().sensors().size(), remote.file());
                answer(apply.version(), true, null).onComplete(ar -> remote.apply().accept(apply.version()));
            }).onFailure(e -> {
                applying = false;
                String reason = "cannot write " + remote.file() + ": " + e.getMessage();
                LOG.error("remote config version {} refused: {}", apply.version(), reason);
                answer(apply.version(), false, reason);
            });
        }
    }

    private Future<Void> answer(Long version, boolean accepted, String reason) {
        Promise<Void> done = Promise.promise();
        long timer = vertx.setTimer(ANSWER_TIMEOUT.toMillis(), id -> done.tryComplete());
        uplink.publish(resultTopic, ConfigDecision.result(version, accepted, reason), true).onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.failed()) {
                LOG.warn("remote config: cannot answer on {}: {}", resultTopic, ar.cause().getMessage());
            }
            done.tryComplete();
        });
        return done.future();
    }
}
