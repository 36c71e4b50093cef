package dev.agentbuilder.chat.server;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A multipart/form-data upload of one file, as a browser's form sends it; for the tests of the knowledge routes. */
record Multipart(String contentType, byte[] body) {

    private static final String BOUNDARY = "----agentchat-test-7d1f0c9b";

    static Multipart file(String part, String fileName, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\""
                + fileName.replace("\"", "%22") + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new Multipart("multipart/form-data; boundary=" + BOUNDARY, out.toByteArray());
    }

    static Multipart file(String fileName, byte[] content) {
        return file("file", fileName, content);
    }

    BodyPublisher publisher() {
        return BodyPublishers.ofByteArray(body);
    }

    Map<String, String> headers() {
        return Map.of("Content-Type", contentType);
    }

    /** Posts it to the thread's files. */
    ApiClient.Answer upload(ApiClient api, String threadId) {
        return api.send("POST", "/v1/threads/" + threadId + "/files", publisher(), headers());
    }
}
