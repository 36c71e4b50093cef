package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The identity provider's flags: what they set, and which values are usage errors. */
class AccessOptionsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return ChatServerCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void theProviderFlagsSetTheIdentityProviderBesideTheSecret() {
        ChatServerCommand command = new ChatServerCommand();
        new CommandLine(command).parseArgs("--auth-jwks-url", "https://idp.example/.well-known/jwks.json",
                "--auth-issuer", "https://idp.example/", "--auth-audience", "chat", "--auth-user-claim", "uid",
                "--auth-secret", "a-test-secret-that-is-long-enough-for-hs256");

        ServerOptions.Access access = command.options().access();

        assertThat(access.identityProvider()).isEqualTo(new ServerOptions.IdentityProvider(
                URI.create("https://idp.example/.well-known/jwks.json"), "https://idp.example/", "chat", "uid"));
        assertThat(access.authSecret()).isNotNull();
        assertThat(access.authenticates()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://idp.example/jwks.json", "file:///etc/jwks.json", "idp.example/jwks.json",
        "https://"})
    void aJwksUrlThatIsNotHttpOrHttpsIsAUsageError(String url) {
        assertThat(run("--store", "memory", "--auth-jwks-url", url)).isEqualTo(2);
        assertThat(err.toString()).contains("JWKS URL must be an http or https URL").doesNotContain("\tat ");
    }

    @Test
    void providerSettingsWithoutAJwksUrlAreAUsageError() {
        assertThat(run("--store", "memory", "--auth-issuer", "https://idp.example/")).isEqualTo(2);
        assertThat(err.toString()).contains("set --auth-jwks-url too");
    }

    @Test
    void helpListsTheProviderFlagsAndTheirVariables() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--auth-jwks-url", "CHAT_AUTH_JWKS_URL", "--auth-issuer",
                "CHAT_AUTH_ISSUER", "--auth-audience", "CHAT_AUTH_AUDIENCE", "--auth-user-claim",
                "CHAT_AUTH_USER_CLAIM");
    }
}
