package dev.franking.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import dev.franking.v2.AttachmentDescriptor;
import dev.franking.v2.B64;
import dev.franking.v2.FailureCode;
import dev.franking.v2.Opening;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI description served at {@code /api/v2/openapi.yaml} says what the service does: the
 * same operations as the handler mappings, the same fields as the records of {@link ApiDtos}, the
 * required fields the controllers require, every problem code the service can send, and real
 * responses that validate against it. (SnakeYAML comes with spring-boot-starter.)
 */
class OpenApiConformanceTest extends ServiceTestBase {
    private static final String REF_PREFIX = "#/components/schemas/";
    private static final Set<String> HTTP_METHODS =
            Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    // ------------------------------------------------------------------ the document

    @Test
    void theDescriptionIsServedWithoutATokenAsOpenApi31Yaml() {
        Api.Response r = api.get("/api/v2/openapi.yaml", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/yaml");
        Map<String, Object> spec = parse(r.body());
        assertThat(String.valueOf(spec.get("openapi"))).startsWith("3.1.");
        conform("get", "/api/v2/openapi.yaml", r);
    }

    // ------------------------------------------------------------------ (a) operations

    @Test
    void theOperationsAreExactlyTheApiMappingsOfTheApp() {
        Map<String, Object> spec = spec();
        Set<String> documented = new TreeSet<>();
        for (var path : map(spec.get("paths")).entrySet()) {
            for (String method : map(path.getValue()).keySet()) {
                if (HTTP_METHODS.contains(method)) {
                    documented.add(method.toUpperCase() + " " + path.getKey());
                }
            }
        }
        Set<String> mapped = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<String> patterns =
                    info.getPathPatternsCondition() != null
                            ? info.getPathPatternsCondition().getPatternValues()
                            : info.getPatternValues();
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String p : patterns) {
                if (!p.startsWith("/api/")) {
                    continue;
                }
                if (methods.isEmpty()) {
                    mapped.add("ANY " + p);
                }
                methods.forEach(m -> mapped.add(m.name() + " " + p));
            }
        }
        assertThat(mapped).as("the app's /api mappings").isNotEmpty();
        assertThat(documented)
                .as("operations in openapi.yaml vs the app's /api/** mappings")
                .isEqualTo(mapped);

        // every path template variable is a declared, required path parameter, and nothing else is
        for (var path : map(spec.get("paths")).entrySet()) {
            Set<String> vars = new TreeSet<>();
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
            while (m.find()) {
                vars.add(m.group(1));
            }
            for (var op : map(path.getValue()).entrySet()) {
                if (!HTTP_METHODS.contains(op.getKey())) {
                    continue;
                }
                Set<String> params = new TreeSet<>();
                for (Object p : list(map(op.getValue()).getOrDefault("parameters", List.of()))) {
                    Map<String, Object> param = resolve(spec, p);
                    if ("path".equals(param.get("in"))) {
                        assertThat(param.get("required"))
                                .as(param.get("name") + " is required")
                                .isEqualTo(true);
                        params.add((String) param.get("name"));
                    }
                }
                assertThat(params)
                        .as(op.getKey() + " " + path.getKey() + " path parameters")
                        .isEqualTo(vars);
            }
        }
    }

    // ------------------------------------------------------------------ (b) schemas

    @Test
    void theSchemasAreTheRecordsOfTheApi() {
        Map<String, Object> spec = spec();
        Map<String, Object> schemas = map(map(spec.get("components")).get("schemas"));
        List<Class<?>> records =
                new ArrayList<>(
                        Arrays.stream(ApiDtos.class.getDeclaredClasses())
                                .filter(Class::isRecord)
                                .toList());
        records.add(Problems.Failure.class);
        assertThat(records).hasSize(18);
        for (Class<?> record : records) {
            String name = record.getSimpleName();
            assertThat(schemas).as("a schema for record " + name).containsKey(name);
            Map<String, Object> schema = map(schemas.get(name));
            assertThat(schema.get("type")).as(name + ".type").isEqualTo("object");
            List<String> components =
                    Arrays.stream(record.getRecordComponents())
                            .map(RecordComponent::getName)
                            .toList();
            assertThat(new ArrayList<>(map(schema.get("properties")).keySet()))
                    .as(name + " properties")
                    .isEqualTo(components);
            assertThat(list(schema.getOrDefault("required", List.of())))
                    .as(name + " required ⊆ properties")
                    .allSatisfy(r -> assertThat(components).contains((String) r));
            for (RecordComponent c : record.getRecordComponents()) {
                checkType(
                        spec,
                        c.getGenericType(),
                        map(schema.get("properties")).get(c.getName()),
                        name + "." + c.getName());
            }
        }
        // every object schema is one of those records, or the problem itself
        Set<String> recordNames =
                records.stream().map(Class::getSimpleName).collect(Collectors.toSet());
        for (var e : schemas.entrySet()) {
            if ("object".equals(map(e.getValue()).get("type")) && !e.getKey().equals("Problem")) {
                assertThat(recordNames)
                        .as("object schema " + e.getKey() + " is a record")
                        .contains(e.getKey());
            }
        }
        assertThat(schemas).containsKey("Problem");
        assertThat(map(map(schemas.get("Problem")).get("properties")).keySet())
                .containsExactly(
                        "type", "title", "status", "detail", "instance", "code", "failures");

        // what the service writes: Jackson writes every component of a response record, null or not
        for (Class<?> response :
                List.of(
                        ApiDtos.StampsResponse.class,
                        ApiDtos.StampOut.class,
                        ApiDtos.ReportCreated.class,
                        ApiDtos.ReportStatus.class,
                        ApiDtos.AttachmentStatus.class,
                        ApiDtos.Outcome.class,
                        ApiDtos.AppealCreated.class,
                        ApiDtos.AppealStatus.class,
                        Problems.Failure.class)) {
            List<String> components =
                    Arrays.stream(response.getRecordComponents())
                            .map(RecordComponent::getName)
                            .toList();
            assertThat(list(map(schemas.get(response.getSimpleName())).get("required")))
                    .as(
                            response.getSimpleName()
                                    + " required (a response: every component is written)")
                    .containsExactlyInAnyOrderElementsOf(components);
        }
        // the request schemas refuse unknown fields, as the service does
        for (Class<?> request :
                List.of(
                        ApiDtos.StampsRequest.class,
                        ApiDtos.StampMessage.class,
                        ApiDtos.ReportRequest.class,
                        ApiDtos.ReportMessage.class,
                        ApiDtos.Attachment.class,
                        ApiDtos.StampIn.class,
                        ApiDtos.AppealRequest.class,
                        ApiDtos.ActionAppealRequest.class)) {
            assertThat(map(schemas.get(request.getSimpleName())).get("additionalProperties"))
                    .as(request.getSimpleName() + ".additionalProperties")
                    .isEqualTo(false);
        }
    }

    /** A record component's Java type against its property schema. */
    private void checkType(Map<String, Object> spec, Type type, Object propertySchema, String at) {
        Map<String, Object> s = map(propertySchema);
        if (s.containsKey("oneOf")) {
            // T or null
            List<Object> branches = list(s.get("oneOf"));
            assertThat(branches).as(at + " oneOf").hasSize(2);
            assertThat(branches)
                    .as(at + " oneOf has a null branch")
                    .anySatisfy(b -> assertThat(map(b).get("type")).isEqualTo("null"));
            Object other =
                    branches.stream()
                            .filter(b -> !"null".equals(map(b).get("type")))
                            .findFirst()
                            .orElseThrow();
            checkType(spec, type, other, at);
            return;
        }
        Class<?> raw =
                type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw.isRecord()) {
            assertThat(s.get("$ref"))
                    .as(at + " refers to the record's schema")
                    .isEqualTo(REF_PREFIX + raw.getSimpleName());
            return;
        }
        Map<String, Object> r = resolve(spec, s);
        Object t = r.get("type");
        List<Object> types =
                t instanceof List<?> l ? new ArrayList<>(l) : List.of(String.valueOf(t));
        String expected;
        if (raw == String.class) {
            expected = "string";
        } else if (raw == Long.class
                || raw == long.class
                || raw == Integer.class
                || raw == int.class) {
            expected = "integer";
        } else if (raw == Boolean.class || raw == boolean.class) {
            expected = "boolean";
        } else if (List.class.isAssignableFrom(raw)) {
            expected = "array";
        } else {
            throw new AssertionError(at + ": no JSON type known for " + type);
        }
        assertThat(types).as(at + " type").contains(expected);
        if (raw.isPrimitive()) {
            assertThat(types).as(at + " is primitive, never null").doesNotContain("null");
        }
        if (expected.equals("array")) {
            checkType(
                    spec,
                    ((ParameterizedType) type).getActualTypeArguments()[0],
                    r.get("items"),
                    at + "[]");
        }
    }

    // ------------------------------------------------------------------ (b) required = what the
    // controllers require

    @Test
    void aRequiredFieldLeftOutIsA400AndAnOptionalOneIsNot() {
        Map<String, Object> spec = spec();
        String alice = unique("alice"), bob = unique("bob"), conv = unique("conv");
        byte[] file = "attachment".getBytes(StandardCharsets.UTF_8);
        Opening o =
                messenger.compose(
                        unique("m"),
                        alice,
                        conv,
                        "hello",
                        List.of(AttachmentDescriptor.of("image/png", file)));

        JsonNode stampRequest = Api.JSON.valueToTree(Map.of("messages", List.of(stampMessage(1))));
        probe(
                spec,
                "/api/v2/stamps",
                TestTokens.token("relay-1", "stamp"),
                stampRequest,
                "StampsRequest",
                3);

        var held = messenger.send(o, bob).get(0);
        JsonNode report =
                Api.JSON.valueToTree(
                        Messenger.reportJson(
                                "spam", "a comment", List.of(Messenger.messageJson(held))));
        probe(spec, "/api/v2/reports", TestTokens.token(bob, "report"), report, "ReportRequest", 6);
    }

    /**
     * Leaves out each property of each object of a valid request in turn (the first element of
     * arrays).
     */
    private void probe(
            Map<String, Object> spec,
            String path,
            String token,
            JsonNode valid,
            String schemaName,
            int properties) {
        Api.Response ok = api.post(path, token, Api.JSON.writeValueAsString(valid));
        assertThat(ok.status()).as("the valid request: " + ok.body()).isIn(200, 201);
        List<String> probed = new ArrayList<>();
        probeObject(spec, path, token, valid, "", map(schemas(spec).get(schemaName)), probed);
        assertThat(probed).as("properties probed").hasSizeGreaterThanOrEqualTo(properties);
    }

    private void probeObject(
            Map<String, Object> spec,
            String path,
            String token,
            JsonNode root,
            String pointer,
            Map<String, Object> schema,
            List<String> probed) {
        schema = resolve(spec, schema);
        List<Object> required = list(schema.getOrDefault("required", List.of()));
        for (var p : map(schema.get("properties")).entrySet()) {
            String name = p.getKey();
            JsonNode copy = root.deepCopy();
            ObjectNode parent = (ObjectNode) (pointer.isEmpty() ? copy : copy.at(pointer));
            assertThat(parent.has(name))
                    .as("the valid request has " + pointer + "/" + name)
                    .isTrue();
            parent.remove(name);
            Api.Response r = api.post(path, token, Api.JSON.writeValueAsString(copy));
            String what =
                    path + " without " + pointer + "/" + name + ": " + r.status() + " " + r.body();
            if (required.contains(name)) {
                assertThat(r.status()).as(what).isEqualTo(400);
                // v2: a message's missing field is its form failure (§5 step 1), a code that
                // names the field
                assertThat(r.json().get("code").asString())
                        .as(what)
                        .matches("missing_field|no_messages|invalid_[a-z_]+");
            } else {
                assertThat(r.status()).as(what + " (optional)").isNotEqualTo(400);
            }
            conform("post", path, r);
            probed.add(pointer + "/" + name);

            Map<String, Object> ps = resolve(spec, p.getValue());
            if ("object".equals(ps.get("type"))) {
                probeObject(spec, path, token, root, pointer + "/" + name, ps, probed);
            } else if ("array".equals(ps.get("type"))
                    && "object".equals(resolve(spec, ps.get("items")).get("type"))
                    && root.at(pointer + "/" + name).size() > 0) {
                probeObject(
                        spec,
                        path,
                        token,
                        root,
                        pointer + "/" + name + "/0",
                        resolve(spec, ps.get("items")),
                        probed);
            }
        }
    }

    // ------------------------------------------------------------------ (c) problem codes

    /**
     * Where the service's code names a problem code: ApiException, Problems.write, a failure, a
     * check's result.
     */
    private static final List<Pattern> CODE_SITES =
            List.of(
                    Pattern.compile("(?:badRequest|notFound)\\(\\s*\"([a-z0-9_]+)\""),
                    Pattern.compile("HttpStatus\\.[A-Z_]+,\\s*\"([a-z0-9_]+)\""),
                    Pattern.compile("Failure\\([^,()]+,\\s*\"([a-z0-9_]+)\"\\)"),
                    Pattern.compile("return\\s+\"([a-z0-9_]+)\";"),
                    Pattern.compile("Checked\\.failed\\(\"([a-z0-9_]+)\"\\)"));

    static Set<String> codesInSource() throws IOException {
        Set<String> codes = new TreeSet<>();
        // the packages that answer API requests; others (the outbox, the review back end) never
        // write API problems
        for (String pkg : List.of("api", "security", "reports")) {
            List<Path> sources;
            try (Stream<Path> files =
                    Files.walk(Path.of("src/main/java/dev/franking/service", pkg))) {
                sources = files.filter(p -> p.toString().endsWith(".java")).toList();
            }
            for (Path f : sources) {
                String src = Files.readString(f);
                for (Pattern p : CODE_SITES) {
                    Matcher m = p.matcher(src);
                    while (m.find()) {
                        codes.add(m.group(1));
                    }
                }
            }
        }
        return codes;
    }

    @Test
    void theProblemCodesAreExactlyTheOnesTheServiceCanSend() throws IOException {
        Set<String> apiCodes = codesInSource();
        // the scan finds every kind of site (a guard against it silently finding nothing)
        assertThat(apiCodes)
                .contains(
                        "malformed_json",
                        "unauthenticated",
                        "insufficient_scope",
                        "too_large",
                        "not_found",
                        "rate_limited",
                        "evidence_destroyed",
                        "internal",
                        "no_routes",
                        "too_large",
                        "too_many_messages",
                        "missing_field");
        Set<String> expected = new TreeSet<>(apiCodes);
        Arrays.stream(FailureCode.values()).map(FailureCode::code).forEach(expected::add);

        Map<String, Object> problemCode = map(schemas(spec()).get("ProblemCode"));
        List<Object> listed = list(problemCode.get("enum"));
        assertThat(listed).as("ProblemCode lists each code once").doesNotHaveDuplicates();
        assertThat(listed.stream().map(String::valueOf).toList())
                .as("ProblemCode enum vs codes of the service")
                .containsExactlyInAnyOrderElementsOf(expected);
        String description = (String) problemCode.get("description");
        for (String code : expected) {
            assertThat(description)
                    .as("ProblemCode's description explains " + code)
                    .contains("`" + code + "`");
        }
    }

    // ------------------------------------------------------------------ (d) live responses

    @Test
    void realResponsesValidateAgainstTheDescription() {
        String alice = unique("alice"), bob = unique("bob"), conv = unique("conv");
        String bobToken = TestTokens.token(bob, "report");
        String relay = TestTokens.token("relay-1", "stamp");
        byte[] image = "an image".getBytes(StandardCharsets.UTF_8);
        Opening o =
                messenger.compose(
                        unique("m"),
                        alice,
                        conv,
                        "abuse",
                        List.of(AttachmentDescriptor.of("image/png", image)));

        // stamps: 200, and 400 with failures
        Map<String, Object> msg = stampMessage(2);
        Api.Response stamped = api.post("/api/v2/stamps", relay, Map.of("messages", List.of(msg)));
        assertThat(stamped.status()).as(stamped.body()).isEqualTo(200);
        conform("post", "/api/v2/stamps", stamped);
        Map<String, Object> noRoutes = new LinkedHashMap<>(msg);
        noRoutes.put("routes", List.of());
        Api.Response badStamps =
                api.post("/api/v2/stamps", relay, Map.of("messages", List.of(msg, noRoutes)));
        assertThat(badStamps.status()).isEqualTo(400);
        assertThat(badStamps.json().get("failures").get(0).get("index").asInt()).isEqualTo(1);
        conform("post", "/api/v2/stamps", badStamps);

        // reports: 201, the same again 200
        var held = messenger.send(o, bob).get(0);
        Map<String, Object> report = Messenger.reportJson("harassment", held);
        Api.Response created = api.post("/api/v2/reports", bobToken, report);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        conform("post", "/api/v2/reports", created);
        Api.Response again = api.post("/api/v2/reports", bobToken, report);
        assertThat(again.status()).isEqualTo(200);
        conform("post", "/api/v2/reports", again);
        String id = created.json().get("reportId").asString();

        // 422 with failures
        Map<String, Object> tampered = Messenger.messageJson(held);
        tampered.put("body", B64.encode("not what was sent".getBytes(StandardCharsets.UTF_8)));
        Api.Response unverified =
                api.post(
                        "/api/v2/reports",
                        bobToken,
                        Messenger.reportJson("harassment", null, List.of(tampered)));
        assertThat(unverified.status()).isEqualTo(422);
        assertThat(unverified.json().get("failures").get(0).get("code").asString())
                .isEqualTo("bad_stamp");
        conform("post", "/api/v2/reports", unverified);
        Map<String, Object> crowded = Messenger.messageJson(held);
        List<Map<String, Object>> atts = new ArrayList<>();
        for (int i = 0; i <= 32; i++) {
            atts.add(
                    Map.of(
                            "contentType",
                            "image/png",
                            "size",
                            1,
                            "sha256",
                            B64.encode(new byte[32])));
        }
        crowded.put("attachments", atts);
        Api.Response tooMany =
                api.post(
                        "/api/v2/reports",
                        bobToken,
                        Messenger.reportJson("spam", null, List.of(crowded)));
        assertThat(tooMany.status()).as(tooMany.body()).isEqualTo(400); // v2: the form
        assertThat(tooMany.json().path("failures").path(0).path("index").asInt(-1))
                .as(tooMany.body())
                .isEqualTo(0);
        assertThat(tooMany.json().path("failures").path(0).path("code").asString())
                .isEqualTo("too_many_attachments");
        conform("post", "/api/v2/reports", tooMany);
        Api.Response none =
                api.post(
                        "/api/v2/reports", bobToken, Messenger.reportJson("spam", null, List.of()));
        assertThat(none.status()).isEqualTo(400); // v2: no messages is the form
        conform("post", "/api/v2/reports", none);

        // 400s, 401, 403, 415
        Api.Response malformed = api.post("/api/v2/reports", bobToken, "{\"category\": ");
        assertThat(malformed.status()).as(malformed.body()).isEqualTo(400);
        assertThat(malformed.json().path("code").asString())
                .as(malformed.body())
                .isEqualTo("malformed_json");
        conform("post", "/api/v2/reports", malformed);
        Api.Response unknownField =
                api.post(
                        "/api/v2/reports",
                        bobToken,
                        "{\"category\": \"spam\", \"reporter\": \"x\"}");
        assertThat(unknownField.json().path("code").asString())
                .as(unknownField.body())
                .isEqualTo("unknown_field");
        conform("post", "/api/v2/reports", unknownField);
        Api.Response noToken = api.post("/api/v2/reports", null, report);
        assertThat(noToken.status()).isEqualTo(401);
        conform("post", "/api/v2/reports", noToken);
        Api.Response wrongScope = api.post("/api/v2/reports", relay, report);
        assertThat(wrongScope.status()).isEqualTo(403);
        conform("post", "/api/v2/reports", wrongScope);
        Api.Response text =
                api.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://localhost:" + port + "/api/v2/reports"))
                                .header("Content-Type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofString("hello")),
                        bobToken);
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.json().path("code").asString()).isEqualTo("unsupported_media_type");
        conform("post", "/api/v2/reports", text);

        // status: 200, 404
        String statusPath = "/api/v2/reports/{reportId}";
        Api.Response status = api.get("/api/v2/reports/" + id, bobToken);
        assertThat(status.status()).isEqualTo(200);
        conform("get", statusPath, status);
        Api.Response missing = api.get("/api/v2/reports/" + UUID.randomUUID(), bobToken);
        assertThat(missing.status()).isEqualTo(404);
        conform("get", statusPath, missing);

        // attachments: 422, 204, 404, 400
        String attachmentPath = "/api/v2/reports/{reportId}/messages/{index}/attachments/{n}";
        Api.Response mismatch =
                api.put(
                        "/api/v2/reports/" + id + "/messages/0/attachments/0",
                        bobToken,
                        "other".getBytes(StandardCharsets.UTF_8));
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.json().get("code").asString()).isEqualTo("attachment_mismatch");
        conform("put", attachmentPath, mismatch);
        Api.Response uploaded =
                api.put("/api/v2/reports/" + id + "/messages/0/attachments/0", bobToken, image);
        assertThat(uploaded.status()).isEqualTo(204);
        conform("put", attachmentPath, uploaded);
        Api.Response noAttachment =
                api.put("/api/v2/reports/" + id + "/messages/0/attachments/1", bobToken, image);
        assertThat(noAttachment.status()).isEqualTo(404);
        conform("put", attachmentPath, noAttachment);
        Api.Response badIndex =
                api.put("/api/v2/reports/" + id + "/messages/x/attachments/0", bobToken, image);
        assertThat(badIndex.status()).isEqualTo(400);
        assertThat(badIndex.json().path("code").asString()).isEqualTo("invalid_parameter");
        conform("put", attachmentPath, badIndex);
        conform("get", statusPath, api.get("/api/v2/reports/" + id, bobToken));
    }

    @Test
    void aRateLimitedReportIs429WithRetryAfter() {
        String alice = unique("alice"), carol = unique("carol"), conv = unique("conv");
        int limit = 20; // reports.rate-limit.reports-per-hour of ServiceTestBase
        List<Opening> openings = new ArrayList<>();
        for (int i = 0; i <= limit; i++) {
            openings.add(messenger.compose(unique("m"), alice, conv, "spam " + i, List.of()));
        }
        List<Messenger.Held> stamped = messenger.sendAll(openings, carol);
        String token = TestTokens.token(carol, "report");
        Api.Response last = null;
        for (int i = 0; i <= limit; i++) {
            var held = stamped.get(i);
            last = api.post("/api/v2/reports", token, Messenger.reportJson("spam", held));
            assertThat(last.status()).as(i + ": " + last.body()).isEqualTo(i < limit ? 201 : 429);
        }
        assertThat(last.json().get("code").asString()).isEqualTo("rate_limited");
        conform("post", "/api/v2/reports", last);
    }

    @Test
    void everySecuredOperationIs401WithoutATokenAnd403WithAnotherScope() {
        Map<String, Object> spec = spec();
        List<Object> defaultSecurity = list(spec.get("security"));
        int secured = 0;
        for (var path : map(spec.get("paths")).entrySet()) {
            for (var op : map(path.getValue()).entrySet()) {
                if (!HTTP_METHODS.contains(op.getKey())) {
                    continue;
                }
                List<Object> security =
                        list(map(op.getValue()).getOrDefault("security", defaultSecurity));
                String concrete =
                        path.getKey()
                                .replace("{reportId}", UUID.randomUUID().toString())
                                .replace("{actionId}", UUID.randomUUID().toString())
                                .replace("{index}", "0")
                                .replace("{n}", "0");
                if (security.isEmpty()) {
                    Api.Response r = request(op.getKey(), concrete, null);
                    assertThat(r.status())
                            .as(op.getKey() + " " + path.getKey() + " without a token")
                            .isEqualTo(200);
                    continue;
                }
                secured++;
                assertThat(security).hasSize(1);
                List<Object> scopes = list(map(security.get(0)).get("bearer"));
                assertThat(scopes).as(op.getKey() + " " + path.getKey() + " scopes").hasSize(1);
                Api.Response anonymous = request(op.getKey(), concrete, null);
                assertThat(anonymous.status())
                        .as(op.getKey() + " " + path.getKey() + " without a token")
                        .isEqualTo(401);
                conform(op.getKey(), path.getKey(), anonymous);
                String other = scopes.contains("stamp") ? "report" : "stamp";
                Api.Response forbidden =
                        request(op.getKey(), concrete, TestTokens.token(unique("u"), other));
                assertThat(forbidden.status())
                        .as(op.getKey() + " " + path.getKey() + " with scope " + other)
                        .isEqualTo(403);
                conform(op.getKey(), path.getKey(), forbidden);
                Api.Response allowed =
                        request(
                                op.getKey(),
                                concrete,
                                TestTokens.token(unique("u"), (String) scopes.get(0)));
                assertThat(allowed.status())
                        .as(op.getKey() + " " + path.getKey() + " with scope " + scopes.get(0))
                        .isNotIn(401, 403);
                conform(op.getKey(), path.getKey(), allowed);
            }
        }
        assertThat(secured).isEqualTo(6);
    }

    /** A v2 stamp request's message: a commitment and {@code routes} routes, random bytes. */
    private static Map<String, Object> stampMessage(int routes) {
        java.security.SecureRandom random = new java.security.SecureRandom();
        byte[] b = new byte[32];
        random.nextBytes(b);
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("commitment", B64.encode(b));
        List<String> r = new ArrayList<>();
        for (int i = 0; i < routes; i++) {
            random.nextBytes(b);
            r.add(B64.encode(b));
        }
        msg.put("routes", r);
        return msg;
    }

    private Api.Response request(String method, String path, String token) {
        return switch (method) {
            case "get" -> api.get(path, token);
            case "post" -> api.post(path, token, "{}");
            case "put" -> api.put(path, token, new byte[] {1});
            default -> throw new AssertionError(method);
        };
    }

    // ------------------------------------------------------------------ checking a response

    /**
     * The response's status, content type, headers and JSON body are what the operation documents.
     */
    private void conform(String method, String pathTemplate, Api.Response r) {
        Map<String, Object> spec = spec();
        Map<String, Object> op = map(map(map(spec.get("paths")).get(pathTemplate)).get(method));
        assertThat(op).as(method + " " + pathTemplate + " documented").isNotNull();
        String what =
                method.toUpperCase() + " " + pathTemplate + " → " + r.status() + " " + r.body();
        Map<String, Object> responses = map(op.get("responses"));
        assertThat(responses)
                .as(what + ": the status is documented")
                .containsKey(String.valueOf(r.status()));
        Map<String, Object> response = resolve(spec, responses.get(String.valueOf(r.status())));

        for (var h : map(response.getOrDefault("headers", Map.of())).entrySet()) {
            Map<String, Object> header = resolve(spec, h.getValue());
            if (Boolean.TRUE.equals(header.get("required"))) {
                assertThat(r.headers().firstValue(h.getKey()))
                        .as(what + ": header " + h.getKey())
                        .isPresent();
                if ("integer".equals(map(header.get("schema")).get("type"))) {
                    assertThat(r.headers().firstValue(h.getKey()).orElseThrow())
                            .as(what + ": header " + h.getKey())
                            .matches("[0-9]+");
                }
            }
        }
        Map<String, Object> content = map(response.get("content"));
        if (content == null) {
            assertThat(r.body()).as(what + ": no content").isEmpty();
            return;
        }
        String mediaType = r.contentType().split(";")[0].trim();
        assertThat(content).as(what + ": content type " + mediaType).containsKey(mediaType);
        if (!mediaType.endsWith("json")) {
            return;
        }
        JsonNode body = r.json();
        List<String> errors = new ArrayList<>();
        validate(spec, body, map(content.get(mediaType)).get("schema"), "$", errors);
        assertThat(errors).as(what).isEmpty();
        if (mediaType.equals("application/problem+json")) {
            assertThat(body.get("status").asInt()).as(what).isEqualTo(r.status());
            assertThat(body.get("type").asString())
                    .as(what)
                    .isEqualTo("/problems/" + body.get("code").asString());
        }
    }

    /**
     * A small JSON Schema checker for what openapi.yaml uses: $ref, oneOf, type, enum, pattern,
     * lengths, bounds, items, properties and required. Strict: a property the schema does not name
     * is an error even where additionalProperties is not false.
     */
    static void validate(
            Map<String, Object> spec,
            JsonNode v,
            Object schemaObject,
            String at,
            List<String> errors) {
        Map<String, Object> s = resolve(spec, schemaObject);
        if (s.containsKey("oneOf")) {
            int matching = 0;
            for (Object branch : list(s.get("oneOf"))) {
                List<String> e = new ArrayList<>();
                validate(spec, v, branch, at, e);
                matching += e.isEmpty() ? 1 : 0;
            }
            if (matching != 1) {
                errors.add(at + ": matches " + matching + " branches of oneOf");
            }
            return;
        }
        Object type = s.get("type");
        if (type != null) {
            List<?> types = type instanceof List<?> l ? l : List.of(type);
            if (types.stream().noneMatch(t -> hasType(v, String.valueOf(t)))) {
                errors.add(at + ": is not of type " + types);
                return;
            }
        }
        if (s.containsKey("enum")
                && (!v.isString() || !list(s.get("enum")).contains(v.asString()))) {
            errors.add(at + ": is not one of the enum");
        }
        if (v.isString()) {
            String str = v.asString();
            int len = str.codePointCount(0, str.length());
            if (s.containsKey("pattern")
                    && !Pattern.compile((String) s.get("pattern")).matcher(str).find()) {
                errors.add(at + ": does not match " + s.get("pattern"));
            }
            if (s.containsKey("minLength") && len < ((Number) s.get("minLength")).intValue()) {
                errors.add(at + ": shorter than " + s.get("minLength"));
            }
            if (s.containsKey("maxLength") && len > ((Number) s.get("maxLength")).intValue()) {
                errors.add(at + ": longer than " + s.get("maxLength"));
            }
            if ("date-time".equals(s.get("format"))) {
                try {
                    OffsetDateTime.parse(str);
                } catch (DateTimeParseException e) {
                    errors.add(at + ": not a date-time");
                }
            }
        }
        if (v.isNumber()) {
            if (s.containsKey("minimum") && v.asLong() < ((Number) s.get("minimum")).longValue()) {
                errors.add(at + ": below " + s.get("minimum"));
            }
            if (s.containsKey("maximum") && v.asLong() > ((Number) s.get("maximum")).longValue()) {
                errors.add(at + ": above " + s.get("maximum"));
            }
        }
        if (v.isArray()) {
            if (s.containsKey("minItems") && v.size() < ((Number) s.get("minItems")).intValue()) {
                errors.add(at + ": fewer items than " + s.get("minItems"));
            }
            if (s.containsKey("maxItems") && v.size() > ((Number) s.get("maxItems")).intValue()) {
                errors.add(at + ": more items than " + s.get("maxItems"));
            }
            if (s.containsKey("items")) {
                for (int i = 0; i < v.size(); i++) {
                    validate(spec, v.get(i), s.get("items"), at + "[" + i + "]", errors);
                }
            }
        }
        if (v.isObject()) {
            Map<String, Object> props = map(s.getOrDefault("properties", Map.of()));
            for (Object req : list(s.getOrDefault("required", List.of()))) {
                if (!v.has((String) req)) {
                    errors.add(at + ": required property " + req + " is missing");
                }
            }
            for (String name : v.propertyNames()) {
                if (!props.containsKey(name)) {
                    errors.add(at + ": property " + name + " is not in the schema");
                } else {
                    validate(spec, v.get(name), props.get(name), at + "." + name, errors);
                }
            }
        }
    }

    private static boolean hasType(JsonNode v, String type) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isString();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            default -> throw new AssertionError("unknown type " + type);
        };
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, Object> spec;

    private Map<String, Object> spec() {
        if (spec == null) {
            Api.Response r = api.get("/api/v2/openapi.yaml", null);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            spec = parse(r.body());
        }
        return spec;
    }

    private static Map<String, Object> parse(String yaml) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }

    private static Map<String, Object> schemas(Map<String, Object> spec) {
        return map(map(spec.get("components")).get("schemas"));
    }

    /** Follows local $refs ({@code #/components/...}). */
    static Map<String, Object> resolve(Map<String, Object> spec, Object schemaOrRef) {
        Map<String, Object> s = map(schemaOrRef);
        while (s != null && s.containsKey("$ref")) {
            String ref = (String) s.get("$ref");
            assertThat(ref).startsWith("#/");
            Object node = spec;
            for (String part : ref.substring(2).split("/")) {
                node = map(node).get(part);
                assertThat(node).as("$ref " + ref + " resolves").isNotNull();
            }
            s = map(node);
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }
}
