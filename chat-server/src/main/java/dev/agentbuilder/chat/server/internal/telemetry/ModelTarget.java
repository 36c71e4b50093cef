package dev.agentbuilder.chat.server.internal.telemetry;

import dev.agentbuilder.chat.server.internal.model.ModelSettings;
import java.net.URI;

/**
 * The model the server calls, as the GenAI conventions describe it: provider, requested model, and the server it is
 * reached at (none for the offline model, which runs in the process).
 *
 * @param provider      {@code gen_ai.provider.name}: {@code offline}, {@code openai} or {@code anthropic}
 * @param requestModel  {@code gen_ai.request.model}: the configured model, {@code offline} for the offline one
 * @param serverAddress {@code server.address}: the host of the provider's API, or null in the process
 * @param serverPort    {@code server.port}, or 0 in the process
 */
record ModelTarget(String provider, String requestModel, String serverAddress, int serverPort) {

    static ModelTarget of(ModelSettings settings) {
        String provider = settings.provider().id();
        String model = settings.metricName();
        URI api = switch (settings.provider()) {
            case OFFLINE -> null;
            // The providers' own APIs, where their langchain4j models go when no base URL is set.
            case OPENAI -> settings.baseUrl() != null ? settings.baseUrl() : URI.create("https://api.openai.com/v1");
            case ANTHROPIC -> settings.baseUrl() != null ? settings.baseUrl()
                    : URI.create("https://api.anthropic.com/v1");
        };
        if (api == null) {
            return new ModelTarget(provider, model, null, 0);
        }
        int port = api.getPort() != -1 ? api.getPort() : "http".equalsIgnoreCase(api.getScheme()) ? 80 : 443;
        return new ModelTarget(provider, model, api.getHost(), port);
    }

    /** Whether the model runs in this process: its calls are then INTERNAL spans, not CLIENT ones. */
    boolean inProcess() {
        return serverAddress == null;
    }
}
