package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.client.ChatClient;
import dev.agentbuilder.chat.client.ConnectionStatus;
import dev.agentbuilder.chat.protocol.WireAgent;
import java.util.Locale;
import java.util.Objects;

/**
 * What a line typed in {@code chat} does, once it may go (see {@link HeldLines}): a slash command ({@code /agent},
 * {@code /edit}, {@code /revert}, {@code /history}, {@code /preview}, {@code /cancel}, {@code /help}, {@code /quit})
 * is carried out; anything else is sent as a message, to the builder or in preview mode to the agent being built.
 *
 * <p>Confined to the command's thread, as is the preview mode it keeps.
 */
final class TypedLines {

    static final String HELP = String.join(System.lineSeparator(),
            "Commands:",
            "  /agent             show the agent draft",
            "  /edit FIELD VALUE  change the draft; FIELD is name, description, instructions,",
            "                     starters or capabilities:",
            "                       /edit starters Plan a weekend in Rome | Find a cheap flight",
            "                       /edit capabilities web_search, file_search",
            "                     an empty VALUE clears the field; \\n in a text is a line break;",
            "                     it waits until the builder has answered what came before",
            "  /revert N          make the draft what it was at version N, as a new version",
            "                     (0 is the empty draft)",
            "  /history           the draft's versions: who made each (builder, user, revert)",
            "                     and what changed",
            "  /preview           talk to the agent being built instead of the builder;",
            "                     /preview again to go back",
            "  /cancel            stop the current reply",
            "  /help              show this help",
            "  /quit              leave",
            "Anything else is sent as a message: to the builder, or in preview to the agent.");

    private final Target target;
    private final ChatClient client;
    private final ChatView view;
    /** Whether typed messages go to the agent being built. */
    private boolean preview;

    /** @param target where {@code /history} reads the versions of the draft that {@code view} lacks */
    TypedLines(Target target, ChatClient client, ChatView view) {
        this.target = Objects.requireNonNull(target, "target");
        this.client = Objects.requireNonNull(client, "client");
        this.view = Objects.requireNonNull(view, "view");
    }

    /** Acts on one typed line; false for {@code /quit}. Blocks only for {@code /history}'s one-shot connection. */
    boolean act(String text) throws InterruptedException {
        view.entered();
        String line = text.strip();
        if (line.isEmpty()) {
            return true;
        }
        if (!line.startsWith("/")) {
            view.sendTyped(() -> preview ? client.preview(text) : client.send(text));
            return true;
        }
        String word = line.split("\\s", 2)[0];
        String command = word.toLowerCase(Locale.ROOT);
        String arguments = line.substring(word.length());
        switch (command) {
            case "/quit":
            case "/exit":
                return false;
            case "/agent":
                view.printAgent();
                return true;
            case "/cancel":
                client.cancel();
                if (client.status().state() != ConnectionStatus.State.CONNECTED) {
                    view.print("[cancel] not connected; the reply is stopped once connected again, if it still runs");
                }
                return true;
            case "/edit":
                edit(arguments);
                return true;
            case "/revert":
                revert(arguments);
                return true;
            case "/history":
                if (view.historyIncomplete()) {
                    try {
                        view.addHistory(DraftVersions.fetch(target, ChatCommand.CONNECT_TIMEOUT));
                    } catch (ExitException e) {
                        view.print("[error] could not read the older versions of the draft: " + e.getMessage());
                    }
                }
                view.printHistory();
                return true;
            case "/preview":
                preview = !preview;
                view.preview(preview);
                return true;
            case "/help":
                view.print(HELP);
                return true;
            default:
                view.print("[error] unknown command " + command + "; type /help");
                return true;
        }
    }

    /** {@code /edit FIELD VALUE}: an {@code update_agent} on the newest version received. */
    private void edit(String arguments) {
        DraftRequests.Parsed parsed = DraftRequests.edit(arguments);
        if (parsed instanceof DraftRequests.Usage usage) {
            view.print("[error] " + usage.message());
            return;
        }
        DraftRequests.Edit edit = (DraftRequests.Edit) parsed;
        // Held until the view is ready for a change, so a join has given the draft.
        WireAgent draft = view.draft();
        view.sendRequest(() -> client.updateAgent(draft.version(), edit.changes()), "/edit " + edit.field());
    }

    /** {@code /revert N}: a {@code revert_agent}. */
    private void revert(String arguments) {
        DraftRequests.Parsed parsed = DraftRequests.revert(arguments);
        if (parsed instanceof DraftRequests.Usage usage) {
            view.print("[error] " + usage.message());
            return;
        }
        long version = ((DraftRequests.Revert) parsed).version();
        view.sendRequest(() -> client.revertAgent(version), "/revert " + version);
    }
}
