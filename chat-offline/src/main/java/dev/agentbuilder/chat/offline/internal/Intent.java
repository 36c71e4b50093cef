package dev.agentbuilder.chat.offline.internal;

import dev.agentbuilder.chat.core.Capability;
import java.util.Objects;

/** One thing the user asked for in a message. Values only; the planner decides which tool calls they need. */
sealed interface Intent {

    /** "I want an agent that helps me plan trips". */
    record DescribePurpose(Purpose purpose) implements Intent {
        public DescribePurpose {
            Objects.requireNonNull(purpose, "purpose");
        }
    }

    /** "Call it Wanderlust": the name exactly as typed, quotes and trailing punctuation removed. */
    record Rename(String name) implements Intent {
        public Rename {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * "It should always answer in French".
     *
     * @param line the instruction line to append, for example {@code You should always answer in French.}
     * @param key  the user's own words, lower case, to tell whether the instructions hold the rule already
     */
    record AddRule(String line, String key) implements Intent {
        public AddRule {
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(key, "key");
        }
    }

    record AddStarter(String text) implements Intent {
        public AddStarter {
            Objects.requireNonNull(text, "text");
        }
    }

    record RemoveStarter(String text) implements Intent {
        public RemoveStarter {
            Objects.requireNonNull(text, "text");
        }
    }

    record ToggleCapability(Capability capability, boolean enable) implements Intent {
        public ToggleCapability {
            Objects.requireNonNull(capability, "capability");
        }
    }

    record SetDescription(String text) implements Intent {
        public SetDescription {
            Objects.requireNonNull(text, "text");
        }
    }

    /** "instructions: ...": replaces the whole text. */
    record SetInstructions(String text) implements Intent {
        public SetInstructions {
            Objects.requireNonNull(text, "text");
        }
    }

    record Greeting() implements Intent {
    }

    /** "help", "what can you do?". */
    record AskHelp() implements Intent {
    }
}
