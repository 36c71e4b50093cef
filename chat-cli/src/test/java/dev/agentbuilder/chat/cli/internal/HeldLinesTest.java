package dev.agentbuilder.chat.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldLinesTest {

    /** A gate the test sets by hand. */
    private static final class Gate implements HeldLines.Gate {
        boolean ready;
        boolean joined = true;
        int quietAsked;
        final List<String> notes = new ArrayList<>();

        @Override
        public boolean readyForChange() {
            return ready;
        }

        @Override
        public boolean joined() {
            return joined;
        }

        @Override
        public void askQuiet() {
            quietAsked++;
        }

        @Override
        public void note(String text) {
            notes.add(text);
        }
    }

    private final HeldLines held = new HeldLines();
    private final Gate gate = new Gate();

    @Test
    void aChangeWaitsUntilEverythingSentIsAnsweredAndTheBuilderIsIdleAndWhatFollowsWaitsBehindIt() {
        assertThat(held.mustHold("/edit name Wanderlust")).isTrue();
        held.add("/edit name Wanderlust");
        assertThat(held.mustHold("And now?")).isTrue();
        held.add("And now?");

        assertThat(held.next(gate)).isNull();
        assertThat(gate.quietAsked).isOne();
        held.quiet();
        assertThat(held.next(gate)).as("answered, but the builder is not idle yet").isNull();
        gate.ready = true;

        assertThat(held.next(gate)).isEqualTo("/edit name Wanderlust");
        held.sent();
        assertThat(held.next(gate)).isEqualTo("And now?");
        assertThat(held.next(gate)).isNull();
        assertThat(held.isEmpty()).isTrue();
        assertThat(gate.quietAsked).isOne();
    }

    @Test
    void aChangeRightAfterAnotherWaitsForTheFirstToBeAnswered() {
        held.add("/edit name A");
        held.add("/edit name B");
        held.quiet();
        gate.ready = true;

        assertThat(held.next(gate)).isEqualTo("/edit name A");
        held.sent();

        assertThat(held.next(gate)).isNull();
        assertThat(gate.quietAsked).isOne();
    }

    @Test
    void aMessageWithNothingHeldGoesAtOnceAndCancelAndQuitNeverWait() {
        assertThat(held.mustHold("Hello")).isFalse();
        held.add("/revert 2");

        assertThat(held.mustHold("Hello")).isTrue();
        assertThat(HeldLines.skipsTheQueue("/cancel")).isTrue();
        assertThat(HeldLines.skipsTheQueue("  /QUIT ")).isTrue();
        assertThat(HeldLines.skipsTheQueue("/preview")).isFalse();
        assertThat(held.dropAll()).isOne();
    }

    @Test
    void theWaitIsNotedOnceAndOnlyAfterAJoin() {
        gate.joined = false;
        held.add("/edit name A");

        held.next(gate);
        gate.joined = true;
        held.next(gate);
        held.next(gate);

        assertThat(gate.notes).containsExactly("[waiting] /edit goes once the builder has answered everything before it");
    }
}
