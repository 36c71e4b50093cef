package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.protocol.CloseCodes;

/** Which close codes mean the server refused us or failed (exit 4) rather than a lost line (exit 3). Stateless. */
final class Failures {

    private Failures() {
    }

    /**
     * Whether a close means the server refused us or what we sent, or failed ({@code 4400/4401/4403/1009/1011}),
     * rather than a lost line.
     */
    static boolean isServerError(int code) {
        return CloseCodes.isFinal(code) || code == CloseCodes.INTERNAL_ERROR || code == CloseCodes.TOO_BIG;
    }
}
