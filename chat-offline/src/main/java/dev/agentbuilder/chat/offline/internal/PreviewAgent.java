package dev.agentbuilder.chat.offline.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.Capability;
import dev.agentbuilder.chat.core.PreviewPrompt;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The offline model playing the agent being built, for a preview: in character, it says who it is and what it does,
 * and follows the one kind of rule it can without a real model, the language the instructions ask for ("You should
 * always answer in French."). Deterministic and stateless.
 */
final class PreviewAgent {

    /** "answer in French", "always reply only in Spanish", "respond in German": the language to speak. */
    private static final Pattern LANGUAGE = Pattern.compile(
            "\\b(?:answer|reply|respond|speak|write|talk)s?\\s+(?:(?:only|always)\\s+)?in\\s+(\\p{L}+)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** Words that turn a language rule around when they come just before it. */
    private static final Pattern NEGATION =
            Pattern.compile("\\b(?:never|not|don't|do not|doesn't|mustn't|shouldn't)\\b");

    private static final int QUOTE_CHARS = 200;

    /** What the preview says, in each language it speaks. */
    private record Voice(String hello, String unnamed, String whatIDo, String iCanUse, String youWrote,
            String openQuote, String closeQuote, String offline) {
    }

    private static final Voice ENGLISH = new Voice("Hi, I'm", "your new agent (no name yet)", "What I do:",
            "I can use:", "You wrote:", "\"", "\"",
            "(This is the offline preview: a real model would answer here in character, following my instructions.)");

    private static final Map<String, Voice> VOICES = Map.of(
            "english", ENGLISH,
            "french", new Voice("Bonjour, je suis", "votre nouvel agent (sans nom pour l'instant)",
                    "Ce que je fais :", "Je peux utiliser :", "Vous m'avez écrit :", "« ", " »",
                    "(Ceci est l'aperçu hors ligne : un vrai modèle répondrait ici en suivant mes instructions.)"),
            "spanish", new Voice("Hola, soy", "tu nuevo agente (aún sin nombre)", "Lo que hago:",
                    "Puedo usar:", "Me escribiste:", "«", "»",
                    "(Esta es la vista previa sin conexión: un modelo real respondería aquí siguiendo mis "
                            + "instrucciones.)"),
            "german", new Voice("Hallo, ich bin", "Ihr neuer Agent (noch ohne Namen)", "Was ich tue:",
                    "Ich kann nutzen:", "Sie schrieben:", "„", "“",
                    "(Dies ist die Offline-Vorschau: Ein echtes Modell würde hier nach meinen Anweisungen "
                            + "antworten.)"),
            "italian", new Voice("Ciao, sono", "il tuo nuovo agente (ancora senza nome)", "Cosa faccio:",
                    "Posso usare:", "Mi hai scritto:", "«", "»",
                    "(Questa è l'anteprima offline: un vero modello risponderebbe qui seguendo le mie istruzioni.)"));

    private PreviewAgent() {
    }

    /** The agent a preview request asks the model to play, and the prompt that says so; empty for other requests. */
    record Played(AgentDraft agent, String prompt) {
    }

    static Optional<Played> agentIn(ChatRequest request) {
        List<ChatMessage> messages = request == null || request.messages() == null ? List.of() : request.messages();
        for (ChatMessage message : messages) {
            if (message instanceof SystemMessage system) {
                Optional<AgentDraft> agent = PreviewPrompt.agentIn(system.text());
                if (agent.isPresent()) {
                    return Optional.of(new Played(agent.get(), system.text()));
                }
            }
        }
        return Optional.empty();
    }

    /** The reply of {@code agent}, whose whole system prompt (its instructions first) is {@code prompt}. */
    static String reply(AgentDraft agent, String prompt, String userText) {
        Voice voice = voiceFor(prompt);
        StringBuilder reply = new StringBuilder(voice.hello()).append(' ');
        reply.append(agent.name().isBlank() ? voice.unnamed() : "**" + agent.name() + "**").append('.');
        if (!agent.description().isBlank()) {
            reply.append(' ').append(voice.whatIDo()).append(' ').append(agent.description().strip());
        }
        if (!agent.capabilities().isEmpty()) {
            reply.append(' ').append(voice.iCanUse()).append(' ')
                    .append(agent.capabilities().stream().map(PreviewAgent::capabilityWords)
                            .collect(Collectors.joining(", ")))
                    .append('.');
        }
        String said = Wording.collapseSpaces(userText == null ? "" : userText).strip();
        if (!said.isEmpty()) {
            reply.append("\n").append(voice.youWrote()).append(' ').append(voice.openQuote())
                    .append(said.codePointCount(0, said.length()) > QUOTE_CHARS
                            ? said.substring(0, said.offsetByCodePoints(0, QUOTE_CHARS)) + "…"
                            : said)
                    .append(voice.closeQuote());
        }
        return reply.append("\n").append(voice.offline()).toString();
    }

    /**
     * The language the instructions ask for, if the preview speaks it; English otherwise. A rule that says not to
     * ("never answer in French") is no rule to speak it; of several, the first counts.
     */
    private static Voice voiceFor(String instructions) {
        Matcher m = LANGUAGE.matcher(instructions);
        while (m.find()) {
            String before = instructions.substring(Math.max(0, m.start() - 24), m.start()).toLowerCase(Locale.ROOT);
            Voice voice = VOICES.get(m.group(1).toLowerCase(Locale.ROOT));
            if (voice != null && !NEGATION.matcher(before).find()) {
                return voice;
            }
        }
        return ENGLISH;
    }

    private static String capabilityWords(Capability capability) {
        return capability.id().replace('_', ' ');
    }
}
