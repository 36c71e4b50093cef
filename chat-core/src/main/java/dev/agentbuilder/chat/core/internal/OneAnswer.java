package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.SubmitResult;
import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.ThreadListener;
import dev.agentbuilder.chat.core.ThreadSnapshot;
import java.util.concurrent.CompletableFuture;

/**
 * The listener of a member that never joins: the engine's own requests to a thread (a knowledge file's change of the
 * draft), which only wait for their one answer.
 */
final class OneAnswer implements ThreadListener {

    private final CompletableFuture<SubmitResult> answer;

    OneAnswer(CompletableFuture<SubmitResult> answer) {
        this.answer = answer;
    }

    @Override
    public void onReady(ThreadSnapshot snapshot) {
    }

    @Override
    public void onEvent(ThreadEvent event) {
    }

    @Override
    public void onSubmitResult(SubmitResult result) {
        answer.complete(result);
    }

    @Override
    public void onRefused(ErrorCode code, String message) {
        answer.complete(new SubmitResult.Rejected(null, code, message));
    }
}
