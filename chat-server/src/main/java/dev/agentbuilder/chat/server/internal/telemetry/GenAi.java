package dev.agentbuilder.chat.server.internal.telemetry;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The attribute names of the OpenTelemetry GenAI semantic conventions that the server sets (docs/gen-ai of
 * open-telemetry/semantic-conventions as of v1.41, before it moved to its own repository; see docs/operations.md),
 * and the few of ours, under {@code chat.}. Written out here rather than taken from the incubating semconv artifact,
 * whose names change between its alpha releases.
 */
final class GenAi {

    static final AttributeKey<String> OPERATION_NAME = stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER_NAME = stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = stringKey("gen_ai.request.model");
    static final AttributeKey<Boolean> REQUEST_STREAM = booleanKey("gen_ai.request.stream");
    static final AttributeKey<String> RESPONSE_MODEL = stringKey("gen_ai.response.model");
    static final AttributeKey<List<String>> FINISH_REASONS = stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<Double> TIME_TO_FIRST_CHUNK = doubleKey("gen_ai.response.time_to_first_chunk");
    static final AttributeKey<Long> INPUT_TOKENS = longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> CONVERSATION_ID = stringKey("gen_ai.conversation.id");
    static final AttributeKey<String> AGENT_NAME = stringKey("gen_ai.agent.name");
    static final AttributeKey<String> TOOL_NAME = stringKey("gen_ai.tool.name");
    static final AttributeKey<String> TOOL_CALL_ID = stringKey("gen_ai.tool.call.id");
    static final AttributeKey<String> TOKEN_TYPE = stringKey("gen_ai.token.type");
    static final AttributeKey<String> SERVER_ADDRESS = stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = longKey("server.port");
    static final AttributeKey<String> ERROR_TYPE = stringKey("error.type");

    /** Ours: which conversation of the thread the turn answers, {@code builder} or {@code preview}. */
    static final AttributeKey<String> CHANNEL = stringKey("chat.channel");
    /** Ours: how the turn ended, {@code completed}, {@code cancelled} or {@code failed}. */
    static final AttributeKey<String> TURN_OUTCOME = stringKey("chat.turn.outcome");
    /** Ours: which of the turn's writes a store span is: {@code drafts}, {@code reply} or {@code failure}. */
    static final AttributeKey<String> STORE_OPERATION = stringKey("chat.store.operation");

    static final String INVOKE_AGENT = "invoke_agent";
    static final String CHAT = "chat";
    static final String EXECUTE_TOOL = "execute_tool";
    static final String STORE_SPAN = "chat.store";

    /** The builder's own name, as {@code gen_ai.agent.name}; a preview's agent is named by the user, and left out. */
    static final String BUILDER_AGENT = "agent-builder";

    /** The conventions' fallback {@code error.type} when nothing more precise is known. */
    static final String OTHER_ERROR = "_OTHER";
    /** The {@code error.type} of a tool call that answered the model with an error. */
    static final String TOOL_ERROR = "tool_error";
    /** The {@code error.type} of a model call stopped before it completed (the turn was stopped or retried). */
    static final String CANCELLED = "cancelled";

    private GenAi() {
    }
}
