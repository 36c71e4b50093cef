package dev.agentbuilder.chat.server.internal.ops;

import dev.agentbuilder.chat.core.EngineObserver;
import dev.agentbuilder.chat.core.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The engine's meters: turns by outcome and their durations, time to the first streamed word, model errors, the
 * tokens model calls used and the messages a spent budget refused. Every outcome, every model error reason and the
 * configured model's tokens are registered at 0 from the start: a series that appears at its first event
 * hides that event from Prometheus's {@code rate()} and {@code increase()}.
 *
 * <p>Thread-safe: the maps are filled in the constructor and only read after; Micrometer's meters are thread-safe.
 */
public final class EngineMeters implements EngineObserver {

    /** Turns stream for minutes when the answer is long or retried; Micrometer's buckets stop at 30 s by default. */
    private static final Duration LONGEST_TURN = Duration.ofMinutes(10);
    /** The first word waits for the first-token timeout (60 s by default) and its retries. */
    private static final Duration LONGEST_FIRST_DELTA = Duration.ofMinutes(2);

    private final MeterRegistry registry;
    private final Timer firstDelta;
    private final Map<TurnOutcome, Counter> turns = new EnumMap<>(TurnOutcome.class);
    private final Map<TurnOutcome, Timer> turnDurations = new EnumMap<>(TurnOutcome.class);
    private final Counter deletedOnRequest;
    private final Counter deletedByRetention;
    private final Counter quotaRefusals;
    /** The model named in the server's settings: the label of tokens whose response names none. */
    private final String configuredModel;

    /** @param configuredModel the model the server is set up with ({@code offline} for the offline model) */
    public EngineMeters(MeterRegistry registry, String configuredModel) {
        this.registry = registry;
        this.configuredModel = configuredModel;
        this.firstDelta = Timer.builder("chat.first.delta")
                .description("From a turn's start to the first piece of its reply")
                .publishPercentileHistogram().maximumExpectedValue(LONGEST_FIRST_DELTA).register(registry);
        for (TurnOutcome outcome : TurnOutcome.values()) {
            String tag = outcome.name().toLowerCase(Locale.ROOT);
            turns.put(outcome, Counter.builder("chat.turns").description("Turns that ended, by outcome")
                    .tag("outcome", tag).register(registry));
            turnDurations.put(outcome, Timer.builder("chat.turn.duration")
                    .description("How long turns took, by outcome").tag("outcome", tag).publishPercentileHistogram()
                    .maximumExpectedValue(LONGEST_TURN).register(registry));
        }
        MODEL_ERROR_REASONS.forEach(this::modelErrors);
        deletedOnRequest = deleted(registry, "request");
        deletedByRetention = deleted(registry, "retention");
        quotaRefusals = Counter.builder("chat.quota.refusals")
                .description("User messages refused because the user's daily token budget was spent")
                .register(registry);
        tokens(configuredModel, "input");
        tokens(configuredModel, "output");
    }

    @Override
    public void modelTokens(String model, Usage usage) {
        String label = model == null || model.isBlank() ? configuredModel : model;
        tokens(label, "input").increment(usage.inputTokens());
        tokens(label, "output").increment(usage.outputTokens());
    }

    @Override
    public void quotaRefused() {
        quotaRefusals.increment();
    }

    private Counter tokens(String model, String direction) {
        return Counter.builder("chat.model.tokens")
                .description("Tokens model calls used, as the provider reported them (or estimated when it did not)")
                .tag("direction", direction).tag("model", model).register(registry);
    }

    private static Counter deleted(MeterRegistry registry, String reason) {
        return Counter.builder("chat.threads.deleted")
                .description("Threads deleted, on request (WebSocket or HTTP API) or past the retention period")
                .tag("reason", reason).register(registry);
    }

    @Override
    public void threadDeleted(boolean expired) {
        (expired ? deletedByRetention : deletedOnRequest).increment();
    }

    @Override
    public void turnEnded(TurnOutcome outcome, Duration duration) {
        turns.get(outcome).increment();
        turnDurations.get(outcome).record(duration);
    }

    @Override
    public void firstDelta(Duration sinceStart) {
        firstDelta.record(sinceStart);
    }

    @Override
    public void modelError(String reason) {
        modelErrors(reason).increment();
    }

    /** The counter of one reason; one the engine does not list yet gets its own at its first failure. */
    private Counter modelErrors(String reason) {
        return Counter.builder("chat.model.errors").description("Failed model calls, by the reason users are told")
                .tag("reason", reason).register(registry);
    }
}
