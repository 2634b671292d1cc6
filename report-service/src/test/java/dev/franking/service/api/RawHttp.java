package dev.franking.service.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client would send (a raw {@code %00}
 * in the path, a 100,000-character request line, a body that never comes): Tomcat answers them
 * itself, so they can only be tested on a real port.
 */
final class RawHttp {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RawHttp() {}

    /** A response: status, headers (names in lower case, last one wins), body. */
    record Reply(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    /** Something that writes the request onto the socket. */
    interface Sender {
        void send(OutputStream out) throws IOException;
    }

    static Reply exchange(int port, String head) throws IOException {
        return exchange(port, out -> out.write(head.getBytes(StandardCharsets.ISO_8859_1)));
    }

    static Reply exchange(int port, Sender sender) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            try {
                sender.send(out);
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before the whole request is written; its
                // answer is what the test reads
            }
            return read(s.getInputStream());
        }
    }

    private static Reply read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("connection closed without a response");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new HashMap<>();
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
            int c = l.indexOf(':');
            headers.put(
                    l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int n = Integer.parseInt(line(in).trim(), 16); n > 0; ) {
                body.write(in.readNBytes(n));
                line(in);
                n = Integer.parseInt(line(in).trim(), 16);
            }
        } else {
            body.write(in.readAllBytes());
        }
        return new Reply(status, headers, body.toByteArray());
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c < 0 && b.size() == 0) {
            return null;
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
