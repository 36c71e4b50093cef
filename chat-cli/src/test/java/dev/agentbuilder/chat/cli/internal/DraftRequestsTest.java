package dev.agentbuilder.chat.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.protocol.WireAgentChanges;
import java.util.List;
import org.junit.jupiter.api.Test;

class DraftRequestsTest {

    @Test
    void aTextFieldTakesTheRestOfTheLineWithBackslashNAsALineBreak() {
        assertThat(DraftRequests.edit(" instructions Be brief.\\nAnswer in French. C:\\\\temp \\d"))
                .isEqualTo(new DraftRequests.Edit("instructions", new WireAgentChanges(null, null,
                        "Be brief.\nAnswer in French. C:\\temp \\d", null, null)));
        assertThat(DraftRequests.edit(" Name   Wander  Lust")).isEqualTo(new DraftRequests.Edit("Name",
                new WireAgentChanges("  Wander  Lust", null, null, null, null)));
    }

    @Test
    void startersAreSeparatedByBarsAndAnEscapedBarStaysInItsStarter() {
        DraftRequests.Parsed parsed = DraftRequests.edit(" starters Plan a weekend in Rome |Find a cheap flight| "
                + "| Either \\| or");

        assertThat(parsed).isEqualTo(new DraftRequests.Edit("starters", new WireAgentChanges(null, null, null,
                List.of("Plan a weekend in Rome", "Find a cheap flight", "Either | or"), null)));
        assertThat(DraftRequests.edit(" conversationStarters One")).isEqualTo(new DraftRequests.Edit(
                "conversationStarters", new WireAgentChanges(null, null, null, List.of("One"), null)));
    }

    @Test
    void capabilitiesAreSeparatedByCommasOrSpacesAndSentAsTyped() {
        assertThat(DraftRequests.edit(" capabilities web_search,code_interpreter  Teleport"))
                .isEqualTo(new DraftRequests.Edit("capabilities", new WireAgentChanges(null, null, null, null,
                        List.of("web_search", "code_interpreter", "Teleport"))));
    }

    @Test
    void anEmptyValueClearsTheField() {
        assertThat(DraftRequests.edit(" description")).isEqualTo(new DraftRequests.Edit("description",
                new WireAgentChanges(null, "", null, null, null)));
        assertThat(DraftRequests.edit(" starters ")).isEqualTo(new DraftRequests.Edit("starters",
                new WireAgentChanges(null, null, null, List.of(), null)));
        assertThat(DraftRequests.edit(" capabilities")).isEqualTo(new DraftRequests.Edit("capabilities",
                new WireAgentChanges(null, null, null, null, List.of())));
    }

    @Test
    void aMissingOrUnknownFieldIsAUsageMessage() {
        assertThat(DraftRequests.edit("")).isEqualTo(new DraftRequests.Usage(DraftRequests.EDIT_USAGE));
        assertThat(DraftRequests.edit(" colour blue"))
                .isEqualTo(new DraftRequests.Usage("unknown field \"colour\"; " + DraftRequests.EDIT_USAGE));
    }

    @Test
    void revertTakesOneWholeNumber() {
        assertThat(DraftRequests.revert(" 3 ")).isEqualTo(new DraftRequests.Revert(3));
        assertThat(DraftRequests.revert(" 0")).isEqualTo(new DraftRequests.Revert(0));
        assertThat(DraftRequests.revert("")).isInstanceOf(DraftRequests.Usage.class);
        assertThat(DraftRequests.revert(" -1")).isInstanceOf(DraftRequests.Usage.class);
        assertThat(DraftRequests.revert(" 2 3")).isInstanceOf(DraftRequests.Usage.class);
        assertThat(DraftRequests.revert(" 99999999999999999999")).isInstanceOf(DraftRequests.Usage.class);
    }
}
