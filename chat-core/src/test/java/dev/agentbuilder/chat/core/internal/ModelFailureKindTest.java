package dev.agentbuilder.chat.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.EngineObserver;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The reasons the engine reports to its observer are the ones it says it reports. */
class ModelFailureKindTest {

    @Test
    void everyKindOfFailureIsAReasonTheObserverIsToldOfAndNoOther() {
        assertThat(Arrays.stream(ModelFailure.Kind.values()).map(k -> k.name().toLowerCase(Locale.ROOT)))
                .containsExactlyElementsOf(EngineObserver.MODEL_ERROR_REASONS);
    }
}
