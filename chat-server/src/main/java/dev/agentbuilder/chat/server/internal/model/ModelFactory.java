package dev.agentbuilder.chat.server.internal.model;

import dev.agentbuilder.chat.offline.OfflineBuilderModel;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.time.Duration;

/**
 * Builds the model that plays the builder from {@link ModelSettings}: the offline builder, or a provider's
 * langchain4j streaming model on {@link ModelHttp}. Request and response logging stays off (it would log the
 * conversation, and the headers carry the key). Stateless.
 */
public final class ModelFactory {

    /** Anthropic needs a cap on the answer; instructions of 8,000 characters need about 2,000 tokens. */
    static final int ANTHROPIC_MAX_TOKENS = 4_096;

    /** The socket backstop fires only after the engine's own timeouts had their chance. */
    private static final Duration STALL_MARGIN = Duration.ofSeconds(5);

    private ModelFactory() {
    }

    public static StreamingChatModel create(ModelSettings settings, Duration offlineChunkDelay) {
        return switch (settings.provider()) {
            case OFFLINE -> OfflineBuilderModel.withChunkDelay(offlineChunkDelay);
            case OPENAI -> OpenAiStreamingChatModel.builder()
                    .httpClientBuilder(http(settings))
                    .baseUrl(settings.baseUrl() == null ? null : settings.baseUrl().toString())
                    .apiKey(settings.apiKey())
                    .modelName(settings.modelName())
                    .temperature(settings.temperature())
                    // Servers that repeat a tool call's id in every chunk (some OpenAI-compatible ones) would
                    // otherwise get the ids back concatenated.
                    .accumulateToolCallId(false)
                    .logRequests(false)
                    .logResponses(false)
                    .build();
            case ANTHROPIC -> AnthropicStreamingChatModel.builder()
                    .httpClientBuilder(http(settings))
                    .baseUrl(settings.baseUrl() == null ? null : settings.baseUrl().toString())
                    .apiKey(settings.apiKey())
                    .modelName(settings.modelName())
                    .temperature(settings.temperature())
                    .maxTokens(ANTHROPIC_MAX_TOKENS)
                    .logRequests(false)
                    .logResponses(false)
                    .build();
        };
    }

    private static HttpClientBuilder http(ModelSettings settings) {
        Duration longest = settings.firstTokenTimeout().compareTo(settings.idleTimeout()) > 0
                ? settings.firstTokenTimeout()
                : settings.idleTimeout();
        boolean plainHttp = settings.baseUrl() != null && "http".equalsIgnoreCase(settings.baseUrl().getScheme());
        return ModelHttp.builder(settings.connectTimeout(), settings.firstTokenTimeout(), longest.plus(STALL_MARGIN),
                plainHttp);
    }
}
