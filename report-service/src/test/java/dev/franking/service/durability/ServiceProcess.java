package dev.franking.service.durability;

import dev.franking.service.Api;
import dev.franking.service.TestTokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report service as a real child process (the test classpath, its embedded PostgreSQL in {@code
 * dataDir}), so that tests can kill it, its PostgreSQL server or one of its backends.
 */
final class ServiceProcess implements AutoCloseable {
    private static final Pattern PORT = Pattern.compile("Tomcat started on port\\D*(\\d+)");

    final Path dataDir;
    final Process process;
    final int port;

    /** From launch to {@code /actuator/health} answering UP. */
    final long startMillis;

    final Path logFile;

    private ServiceProcess(Path dataDir, Process process, int port, long startMillis, Path log) {
        this.dataDir = dataDir;
        this.process = process;
        this.port = port;
        this.startMillis = startMillis;
        this.logFile = log;
    }

    static ServiceProcess start(Path dataDir, String name) throws IOException {
        Files.createDirectories(dataDir);
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(cp);
        cmd.add("dev.franking.service.ReportServiceApplication");
        cmd.add("--server.port=0");
        cmd.add("--reports.data-dir=" + dataDir);
        cmd.add(
                "--spring.security.oauth2.resourceserver.jwt.public-key-location="
                        + TestTokens.publicKeyLocation());
        cmd.add("--reports.rate-limit.reports-per-hour=1000000");
        cmd.add("--reports.stamp-keys.check-interval=1h");
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-" + name + ".log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread pump =
                new Thread(
                        () -> {
                            try (var in =
                                            new BufferedReader(
                                                    new InputStreamReader(
                                                            p.getInputStream(),
                                                            StandardCharsets.UTF_8));
                                    var out = new PrintWriter(Files.newBufferedWriter(log), true)) {
                                for (String line; (line = in.readLine()) != null; ) {
                                    out.println(line);
                                    Matcher m = PORT.matcher(line);
                                    if (!port.isDone() && m.find()) {
                                        port.complete(Integer.parseInt(m.group(1)));
                                    }
                                }
                            } catch (IOException e) {
                                // the process is gone
                            }
                            port.completeExceptionally(
                                    new IllegalStateException("the service exited; see " + log));
                        },
                        "service-log-" + name);
        pump.setDaemon(true);
        pump.start();
        int httpPort;
        try {
            httpPort = port.get(180, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("the service did not start; see " + log, e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (health(httpPort, Duration.ofSeconds(2)) != 200) {
            if (System.nanoTime() > deadline || !p.isAlive()) {
                p.destroyForcibly();
                throw new IllegalStateException("the service never became healthy; see " + log);
            }
            sleep(20);
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        return new ServiceProcess(dataDir, p, httpPort, ms, log);
    }

    Api api() {
        return new Api(port);
    }

    private static final java.net.http.HttpClient HTTP =
            java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();

    /** GET /actuator/health with a client-side limit: its status code, or -1 for no answer. */
    static int health(int port, Duration timeout) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    "http://127.0.0.1:"
                                                            + port
                                                            + "/actuator/health"))
                                    .timeout(timeout)
                                    .GET()
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Health answers 200 only when every contributor is UP (503 otherwise). */
    boolean healthUp() {
        return health(port, Duration.ofSeconds(2)) == 200;
    }

    // ---- its database, as an operator (or a backup) sees it

    String password() throws IOException {
        return Files.readString(dataDir.resolve("postgres-password")).strip();
    }

    List<String> postmasterPidFile() throws IOException {
        return Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"));
    }

    long postmasterPid() throws IOException {
        return Long.parseLong(postmasterPidFile().get(0).strip());
    }

    int databasePort() throws IOException {
        return Integer.parseInt(postmasterPidFile().get(3).strip());
    }

    Connection database() throws IOException, SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + databasePort() + "/postgres",
                "postgres",
                password());
    }

    // ---- ways to end it

    static void kill(long pid, String signal) {
        try {
            Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
            if (!k.waitFor(5, TimeUnit.SECONDS) || k.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void killJvm() throws InterruptedException {
        kill(process.pid(), "KILL");
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an orchestrator stops it; waits for the exit. */
    int terminate() throws InterruptedException {
        kill(process.pid(), "TERM");
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the service did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            terminate();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
