package dev.agentbuilder.chat.server.internal;

import dev.agentbuilder.chat.core.EngineObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/** The engine's meters: turns by outcome and their durations, time to the first streamed word, model errors. */
public final class EngineMeters implements EngineObserver {

    private final MeterRegistry registry;
    private final Timer firstDelta;

    public EngineMeters(MeterRegistry registry) {
        this.registry = registry;
        this.firstDelta = Timer.builder("chat.first.delta")
                .description("From a turn's start to the first piece of its reply")
                .publishPercentileHistogram().register(registry);
    }

    @Override
    public void turnEnded(TurnOutcome outcome, Duration duration) {
        String tag = outcome.name().toLowerCase(Locale.ROOT);
        Counter.builder("chat.turns").description("Turns that ended, by outcome").tag("outcome", tag)
                .register(registry).increment();
        Timer.builder("chat.turn.duration").description("How long turns took, by outcome").tag("outcome", tag)
                .publishPercentileHistogram().register(registry).record(duration);
    }

    @Override
    public void firstDelta(Duration sinceStart) {
        firstDelta.record(sinceStart);
    }

    @Override
    public void modelError(String reason) {
        Counter.builder("chat.model.errors").description("Failed model calls, by the reason users are told")
                .tag("reason", reason).register(registry).increment();
    }
}
