package dev.agentbuilder.chat.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.protocol.WireCitation;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourcesTest {

    @Test
    void eachCitationIsOneNumberedLineAlignedUnderTheFirstWithItsPassageCut() {
        String longPassage = "Employees accrue 25 days of paid leave per year, taken in agreement with their manager "
                + "and recorded in the leave system.";

        List<String> lines = Sources.lines(List.of(
                new WireCitation("f-1", "handbook.pdf", longPassage, 4, 2210, 2790, 0.71),
                new WireCitation("f-2", "notes.md", "Carry-over:\n\tat most 5 days.", 0, 0, 30, 0.52)));

        assertThat(lines).containsExactly(
                "Sources: [1] handbook.pdf (passage 4): \"Employees accrue 25 days of paid leave per year, taken in "
                        + "agreement with their…\"",
                "         [2] notes.md (passage 0): \"Carry-over: at most 5 days.\"");
    }

    @Test
    void aReplyWithoutCitationsHasNoSourcesLine() {
        assertThat(Sources.lines(null)).isEmpty();
    }
}
