package dev.agentbuilder.chat.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.SubmitResult.Accepted;
import dev.agentbuilder.chat.core.SubmitResult.Rejected;
import dev.agentbuilder.chat.core.SubmitResult.VersionConflict;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.StatusChanged;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.SystemMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The draft changed by hand: update_agent and revert_agent as the engine takes them. */
@Timeout(60)
class DraftByHandTest {

    private final ScriptedModel model = new ScriptedModel();
    private final ThreadStore store = ThreadStores.inMemory();
    private ChatEngine engine;
    private RecordingListener alice;
    private ThreadMember member;

    @BeforeEach
    void start() {
        engine = ChatEngine.builder().model(model).store(store).sessionGrace(Duration.ZERO).build();
        alice = new RecordingListener();
        member = engine.join("t1", "alice", 0, alice);
        alice.expect(ThreadSnapshot.class);
    }

    @AfterEach
    void stop() {
        engine.shutdown(Duration.ZERO);
    }

    @Test
    void aChangeOnTheCurrentVersionIsStoredAsTheNextVersionBySourceUserAfterItsAck() {
        member.updateAgent(0, new AgentChanges("  Wanderlust ", null, null, List.of("Plan a weekend in Rome"),
                List.of("web_search")), "e1");

        Accepted ack = alice.expect(Accepted.class);
        AgentUpdated updated = alice.expect(AgentUpdated.class);
        assertThat(ack.clientMessageId()).isEqualTo("e1");
        assertThat(ack.messageId()).isNull();
        assertThat(ack.seq()).isEqualTo(updated.seq()).isEqualTo(1);
        assertThat(updated.source()).isEqualTo(DraftSource.USER);
        assertThat(updated.agent()).isEqualTo(new AgentDraft("Wanderlust", "", "", List.of("Plan a weekend in Rome"),
                List.of(Capability.WEB_SEARCH), 1));
        assertThat(store.openThread("t1", "alice").draft()).isEqualTo(updated.agent());
        alice.assertExhausted();
    }

    @Test
    void fieldsLeftOutOfAChangeKeepTheirValuesAndAnEmptyTextClearsOne() {
        edit(0, new AgentChanges("Wanderlust", "Plans trips.", null, null, null));

        AgentDraft after = edit(1, new AgentChanges(null, "", "You are Wanderlust.", null, null)).agent();

        assertThat(after).isEqualTo(new AgentDraft("Wanderlust", "", "You are Wanderlust.", List.of(), List.of(), 2));
    }

    @Test
    void limitsCountCharactersAsPeopleDoAndLineBreaksAreKeptInTheLongerTexts() {
        String fiftyEmoji = "🧭".repeat(50);

        AgentDraft after = edit(0, new AgentChanges(fiftyEmoji, "Plans trips.\nAnywhere.", "Be brief.\n\t- Always.",
                null, null)).agent();

        assertThat(after.name()).isEqualTo(fiftyEmoji);
        assertThat(after.description()).isEqualTo("Plans trips.\nAnywhere.");
        member.updateAgent(1, new AgentChanges("🧭".repeat(AgentDraft.MAX_NAME_CHARS + 1), null, null, null, null),
                "too-long");
        assertThat(alice.expect(Rejected.class).message()).contains("at most 80 characters, was 81");
    }

    @Test
    void aBadClientMessageIdIsRefusedBeforeAnythingElse() {
        member.updateAgent(0, new AgentChanges("Wanderlust", null, null, null, null), "bad\u0007id");

        assertThat(alice.expect(Rejected.class).code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(StoreKit.allEvents(store, "t1", 0)).isEmpty();
    }

    @Test
    void aChangeOnAnOlderVersionIsAConflictNamingTheCurrentOneAndNothingIsStored() {
        edit(0, new AgentChanges("Wanderlust", null, null, null, null));

        member.updateAgent(0, new AgentChanges("Other", null, null, null, null), "e2");

        VersionConflict conflict = alice.expect(VersionConflict.class);
        assertThat(conflict.currentVersion()).isEqualTo(1);
        assertThat(conflict.clientMessageId()).isEqualTo("e2");
        assertThat(conflict.message()).contains("version 1");
        assertThat(StoreKit.allEvents(store, "t1", 0)).hasSize(1);
        alice.assertExhausted();
    }

    @Test
    void aChangeThatBreaksALimitOfTheBuildersToolsIsRefusedWholeAndNothingIsStored() {
        List<AgentChanges> invalid = List.of(
                new AgentChanges("x".repeat(AgentDraft.MAX_NAME_CHARS + 1), null, null, null, null),
                new AgentChanges(null, "d".repeat(AgentDraft.MAX_DESCRIPTION_CHARS + 1), null, null, null),
                new AgentChanges("Fine", null, null, null, List.of("web_search", "teleport")),
                new AgentChanges(null, null, null, List.of("Plan a trip", "plan a TRIP"), null),
                new AgentChanges(null, null, null, List.of("Plan a trip", " "), null),
                new AgentChanges(null, null, null, List.of("1", "2", "3", "4", "5", "6", "7", "8", "9"), null),
                new AgentChanges("Wander\u0000lust", null, null, null, null),
                new AgentChanges("Wander\nlust", null, null, null, null),
                new AgentChanges(null, "Half a pair: \ud800", null, null, null),
                new AgentChanges(null, null, null, List.of("Plan\ta trip"), null),
                new AgentChanges(null, null, null, null, null));
        for (AgentChanges changes : invalid) {
            member.updateAgent(0, changes, "bad");
            Rejected refused = alice.expect(Rejected.class);
            assertThat(refused.code()).as("%s", changes).isEqualTo(ErrorCode.INVALID_MESSAGE);
        }
        assertThat(StoreKit.allEvents(store, "t1", 0)).isEmpty();
        assertThat(store.findByClientMessageId("t1", "bad")).isEmpty();
        alice.assertExhausted();
    }

    @Test
    void aResentChangeIsAcknowledgedAsADuplicateAndNotAppliedTwice() {
        AgentUpdated first = edit(0, new AgentChanges("Wanderlust", null, null, null, null));

        member.updateAgent(0, new AgentChanges("Wanderlust", null, null, null, null), "e-0");

        Accepted again = alice.expect(Accepted.class);
        assertThat(again.duplicate()).isTrue();
        assertThat(again.seq()).isEqualTo(first.seq());
        assertThat(StoreKit.allEvents(store, "t1", 0)).hasSize(1);
        alice.assertExhausted();
    }

    @Test
    void whileTheBuilderIsThinkingChangesAndRevertsAreBusyAndNothingIsStored() {
        member.submit("I want an agent that helps me plan trips", "m1");
        alice.expect(Accepted.class);
        alice.await(StatusChanged.class);
        ScriptedModel.Call call = model.awaitCall();

        member.updateAgent(0, new AgentChanges("Wanderlust", null, null, null, null), "e1");
        assertThat(alice.await(Rejected.class).code()).isEqualTo(ErrorCode.BUSY);
        member.revertAgent(0, "r1");
        assertThat(alice.await(Rejected.class).code()).isEqualTo(ErrorCode.BUSY);

        call.delta("Hello").complete();
        alice.untilReply();
        assertThat(alice.await(StatusChanged.class).state()).isEqualTo(TurnState.IDLE);
        assertThat(store.findByClientMessageId("t1", "e1")).isEmpty();
        assertThat(store.findByClientMessageId("t1", "r1")).isEmpty();
        edit(0, new AgentChanges("Wanderlust", null, null, null, null));
    }

    @Test
    void theBuildersNextTurnIsGivenTheDraftWithTheUsersChanges() {
        AgentDraft edited = edit(0, new AgentChanges("Wanderlust", null, null, null, List.of("web_search"))).agent();

        member.submit("It should always answer in French", "m1");
        ScriptedModel.Call call = model.awaitCall();

        SystemMessage system = (SystemMessage) call.request().messages().get(0);
        assertThat(BuilderPrompt.draftIn(system.text())).contains(edited);
        call.toolCall(0, tool(BuilderTools.SET_INSTRUCTIONS, "{\"instructions\":\"Answer in French.\"}"));
        call.completeWithTools(tool(BuilderTools.SET_INSTRUCTIONS, "{\"instructions\":\"Answer in French.\"}"));
        AgentUpdated byBuilder = alice.await(AgentUpdated.class);
        assertThat(byBuilder.source()).isEqualTo(DraftSource.BUILDER);
        assertThat(byBuilder.agent().name()).isEqualTo("Wanderlust");
        assertThat(byBuilder.agent().capabilities()).containsExactly(Capability.WEB_SEARCH);
        assertThat(byBuilder.agent().version()).isEqualTo(2);
        model.awaitCall().delta("Done.").complete();
        alice.untilReply();
    }

    @Test
    void aRevertStoresTheFieldsOfTheEarlierVersionAsANewVersionBySourceRevert() {
        AgentDraft first = edit(0, new AgentChanges("Wanderlust", "Plans trips.", null, null, null)).agent();
        edit(1, new AgentChanges("Roamer", "", "Be brief.", List.of("Where to?"), List.of("file_search")));

        member.revertAgent(1, "r1");

        assertThat(alice.expect(Accepted.class).clientMessageId()).isEqualTo("r1");
        AgentUpdated reverted = alice.expect(AgentUpdated.class);
        assertThat(reverted.source()).isEqualTo(DraftSource.REVERT);
        assertThat(reverted.agent()).isEqualTo(new AgentDraft(first.name(), first.description(), first.instructions(),
                first.conversationStarters(), first.capabilities(), 3));
        assertThat(StoreKit.allEvents(store, "t1", 0)).extracting(StoredEvent::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aRevertToVersionZeroEmptiesTheDraftAndOneToAVersionNeverReachedIsNotFound() {
        edit(0, new AgentChanges("Wanderlust", null, null, null, null));

        member.revertAgent(7, "r1");
        Rejected notFound = alice.expect(Rejected.class);
        assertThat(notFound.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(notFound.message()).contains("7");
        assertThat(StoreKit.allEvents(store, "t1", 0)).hasSize(1);

        member.revertAgent(0, "r2");
        alice.expect(Accepted.class);
        assertThat(alice.expect(AgentUpdated.class).agent()).isEqualTo(new AgentDraft("", "", "", List.of(),
                List.of(), 2));
    }

    @Test
    void aClientMessageIdOfADraftChangeIsADuplicateForAMessageToo() {
        AgentUpdated change = edit(0, new AgentChanges("Wanderlust", null, null, null, null));

        member.submit("Hello", "e-0");

        Accepted ack = alice.expect(Accepted.class);
        assertThat(ack.duplicate()).isTrue();
        assertThat(ack.seq()).isEqualTo(change.seq());
        assertThat(ack.messageId()).isNull();
        assertThat(model.waitingCalls()).isZero();
        alice.assertExhausted();
    }

    @Test
    void anExportIsTheStoredDraftInTheAskedFormatForTheAskingMemberOnly() {
        RecordingListener bob = new RecordingListener();
        engine.join("t1", "alice", 0, bob);
        bob.expect(ThreadSnapshot.class);
        AgentDraft edited = edit(0, new AgentChanges("Wanderlust", null, null, null, List.of("web_search"))).agent();
        bob.expect(AgentUpdated.class);

        member.exportAgent(AgentExport.Format.OPENAI);

        SubmitResult.Exported export = alice.expect(SubmitResult.Exported.class);
        assertThat(export.format()).isEqualTo(AgentExport.Format.OPENAI);
        assertThat(export.version()).isEqualTo(1);
        assertThat(export.content()).isEqualTo(AgentExport.render(edited, AgentExport.Format.OPENAI));
        bob.assertExhausted();
    }

    private int edits;

    /** Applies a change that must succeed; returns its event. */
    private AgentUpdated edit(long baseVersion, AgentChanges changes) {
        member.updateAgent(baseVersion, changes, "e-" + edits++);
        alice.expect(Accepted.class);
        AgentUpdated updated = alice.expect(AgentUpdated.class);
        assertThat(updated.agent().version()).isEqualTo(baseVersion + 1);
        return updated;
    }

    private static ToolExecutionRequest tool(String name, String arguments) {
        return ToolExecutionRequest.builder().id("call-" + name).name(name).arguments(arguments).build();
    }
}
