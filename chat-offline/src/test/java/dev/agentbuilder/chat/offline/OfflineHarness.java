package dev.agentbuilder.chat.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.BuilderPrompt;
import dev.agentbuilder.chat.core.BuilderTools;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs the builder's loop the way the engine does, against the offline model: system message from the draft plus
 * memory plus the builder tools' specifications; tool calls run by {@link BuilderTools#apply}, as the engine runs
 * them; results back into memory; the model called again until it answers in words.
 * Confined to the test's thread.
 */
final class OfflineHarness {

    /** Which of the model's two interfaces a turn goes through. */
    enum Path { BLOCKING, STREAMING }

    /**
     * One user turn.
     *
     * @param draft     the draft after the turn
     * @param reply     the final text reply
     * @param chunks    every streamed chunk of the turn (empty on the blocking path)
     * @param toolCalls the tool calls of each model response that made any
     * @param responses every model response of the turn, in order
     */
    record Turn(AgentDraft draft, String reply, List<String> chunks, List<List<ToolExecutionRequest>> toolCalls,
            List<ChatResponse> responses) {

        List<ToolExecutionRequest> allToolCalls() {
            return toolCalls.stream().flatMap(List::stream).toList();
        }

        List<String> toolNames() {
            return allToolCalls().stream().map(ToolExecutionRequest::name).toList();
        }
    }

    /** What one streaming call delivered. */
    record Streamed(List<String> chunks, List<String> threads, List<CompleteToolCall> toolCalls,
            ChatResponse response) {
    }

    static final List<ToolSpecification> SPECIFICATIONS = BuilderTools.specifications();

    private static final int MAX_ROUNDS = 5;
    private static final long EVENT_TIMEOUT_SECONDS = 5;

    private final OfflineBuilderModel model;
    private final Path path;
    private final boolean flagErrors;
    private final List<ChatMessage> memory = new ArrayList<>();
    private AgentDraft draft;

    private OfflineHarness(OfflineBuilderModel model, Path path, AgentDraft draft, boolean flagErrors) {
        this.model = model;
        this.path = path;
        this.draft = draft;
        this.flagErrors = flagErrors;
    }

    static OfflineHarness on(Path path) {
        return on(path, AgentDraft.empty());
    }

    static OfflineHarness on(Path path, AgentDraft draft) {
        return new OfflineHarness(OfflineBuilderModel.create(), path, draft, true);
    }

    /** Like an engine that returns a failed tool's message as plain text, without marking it as an error. */
    static OfflineHarness withUnflaggedErrors(Path path, AgentDraft draft) {
        return new OfflineHarness(OfflineBuilderModel.create(), path, draft, false);
    }

    AgentDraft draft() {
        return draft;
    }

    List<ChatMessage> memory() {
        return List.copyOf(memory);
    }

    /** Sends a user message and runs the loop until the model answers in words. */
    Turn say(String userText) {
        memory.add(UserMessage.from(userText));
        List<String> chunks = new ArrayList<>();
        List<List<ToolExecutionRequest>> toolCalls = new ArrayList<>();
        List<ChatResponse> responses = new ArrayList<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            ChatRequest request = request(draft, memory);
            ChatResponse response;
            if (path == Path.BLOCKING) {
                response = model.chat(request);
            } else {
                Streamed streamed = stream(model, request);
                response = streamed.response();
                chunks.addAll(streamed.chunks());
            }
            responses.add(response);
            AiMessage ai = response.aiMessage();
            memory.add(ai);
            if (!ai.hasToolExecutionRequests()) {
                return new Turn(draft, ai.text(), chunks, toolCalls, responses);
            }
            toolCalls.add(ai.toolExecutionRequests());
            runTools(ai.toolExecutionRequests());
        }
        return fail("the model kept calling tools for " + MAX_ROUNDS + " rounds");
    }

    private void runTools(List<ToolExecutionRequest> calls) {
        for (ToolExecutionRequest call : calls) {
            BuilderTools.Applied applied = BuilderTools.apply(draft, call);
            memory.add(ToolExecutionResultMessage.builder()
                    .id(call.id())
                    .toolName(call.name())
                    .text(applied.result())
                    .isError(flagErrors ? applied.error() : null)
                    .build());
            draft = applied.draft();
        }
    }

    /** The request the engine would send: a fresh system message with the draft, then the memory. */
    static ChatRequest request(AgentDraft draft, List<ChatMessage> memory) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from(BuilderPrompt.systemMessage(draft)));
        messages.addAll(memory);
        return ChatRequest.builder().messages(messages).toolSpecifications(SPECIFICATIONS).build();
    }

    /** A one-message request on a new draft. */
    static ChatRequest firstRequest(String userText) {
        return request(AgentDraft.empty(), List.of(UserMessage.from(userText)));
    }

    /**
     * Streams one call and waits for its complete response, checking on the way that the chunks add up to the
     * final text and that no error was reported.
     */
    static Streamed stream(OfflineBuilderModel model, ChatRequest request) {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        model.chat(request, recorder(events));
        return collect(events);
    }

    /** Waits for the complete response on {@code events}, filled by a {@link #recorder}. */
    static Streamed collect(BlockingQueue<Object> events) {
        List<String> chunks = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        List<CompleteToolCall> toolCalls = new ArrayList<>();
        while (true) {
            Object event = poll(events);
            if (event instanceof Chunk chunk) {
                chunks.add(chunk.text());
                threads.add(chunk.thread());
            } else if (event instanceof CompleteToolCall call) {
                toolCalls.add(call);
            } else if (event instanceof ChatResponse response) {
                String text = response.aiMessage().text();
                assertThat(String.join("", chunks)).isEqualTo(text == null ? "" : text);
                return new Streamed(chunks, threads, toolCalls, response);
            } else {
                return fail("unexpected streaming event: " + event);
            }
        }
    }

    /** A handler that queues every callback, with the thread it came on for partial responses. */
    static StreamingChatResponseHandler recorder(BlockingQueue<Object> events) {
        return new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                events.add(new Chunk(partial.text(), Thread.currentThread().getName(), context));
            }

            @Override
            public void onCompleteToolCall(CompleteToolCall call) {
                events.add(call);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                events.add(response);
            }

            @Override
            public void onError(Throwable error) {
                events.add(error);
            }
        };
    }

    /** A streamed chunk, the thread that delivered it, and the context carrying the stream's handle. */
    record Chunk(String text, String thread, PartialResponseContext context) {
    }

    /** The text of a system or user message (the messages of a first request); empty for others. */
    static String text(ChatMessage message) {
        return message instanceof SystemMessage system ? system.text()
                : message instanceof UserMessage user ? user.singleText() : "";
    }

    static Object poll(BlockingQueue<Object> events) {
        try {
            Object event = events.poll(EVENT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (event == null) {
                return fail("no streaming event within " + EVENT_TIMEOUT_SECONDS + " s");
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted", e);
        }
    }
}
