package org.openmm7.stub.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmm7.stub.InboxHooks;
import org.openmm7.stub.Mm7StubServer;

/**
 * The OpenAPI document the stub serves, read by an independent parser (swagger-parser), against
 * what the server really answers: every route the API serves is described, every described
 * operation answers (not 404 or 405) with a documented status, and JSON answers match the
 * documented schemas (checked by networknt's JSON Schema validator, draft 2020-12 as OpenAPI 3.1).
 */
class OpenApiDocumentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static Mm7StubServer stub;
  static URI base;
  static String text;
  static OpenAPI openApi;

  @BeforeAll
  static void start() throws Exception {
    stub = Mm7StubServer.builder().build().start();
    base = stub.endpoint().resolve("/");
    HttpResponse<String> r = InboxTestSupport.get(base.resolve("/api/openapi.json"));
    assertEquals(200, r.statusCode());
    assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
    text = r.body();
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
    assertTrue(result.getMessages() == null || result.getMessages().isEmpty(),
        "the parser's complaints: " + result.getMessages());
    openApi = result.getOpenAPI();
    assertNotNull(openApi, "not read as OpenAPI");
  }

  @AfterAll
  static void stop() {
    stub.close();
  }

  @BeforeEach
  void reset() {
    stub.reset();
    InboxHooks.pushes(stub, new InboxHooks.FakePushes());
  }

  /** "GET /api/messages/{id}" for every operation of the document. */
  private static Set<String> described() {
    Set<String> out = new TreeSet<>();
    openApi.getPaths().forEach((path, item) -> item.readOperationsMap()
        .forEach((method, op) -> out.add(method.name() + " " + path)));
    return out;
  }

  @Test
  void theDocumentIsOpenApi31AndSaysWhatItIs() {
    assertEquals("3.1.0", openApi.getOpenapi());
    assertFalse(openApi.getInfo().getTitle().isBlank());
    for (PathItem item : openApi.getPaths().values()) {
      for (Operation op : item.readOperations()) {
        assertNotNull(op.getOperationId(), "an operation without an id: " + op.getSummary());
        assertNotNull(op.getSummary(), op.getOperationId() + " has no summary");
        assertFalse(op.getResponses().isEmpty(), op.getOperationId() + " has no response");
      }
    }
  }

  @Test
  void everyRouteTheServerAnswersIsDescribedAndNoOther() {
    // the routes are a table: listing them reads nothing of the stub
    Set<String> served = new TreeSet<>(new InboxApi(null, () -> null).routes());
    served.addAll(InboxHandler.ROUTES);
    assertEquals(served, described());
  }

  @Test
  void aMethodNotDescribedIsRefused405AndAPathNotDescribed404() throws Exception {
    for (Map.Entry<String, PathItem> e : openApi.getPaths().entrySet()) {
      Set<String> methods = new TreeSet<>();
      e.getValue().readOperationsMap().keySet().forEach(m -> methods.add(m.name()));
      for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
        if (methods.contains(method) || e.getKey().equals("/api/events")) {
          continue;
        }
        HttpResponse<String> r = call(method, concrete(e.getKey(), 1), null, null);
        assertEquals(405, r.statusCode(), method + " " + e.getKey() + ": " + r.body());
        assertTrue(JSON.readTree(r.body()).path("error").isTextual(), r.body());
        assertFalse(r.headers().firstValue("allow").orElse("").isEmpty(), method + " " + e.getKey());
      }
    }
    for (String path : List.of("/api/nothing", "/api/messages/1/nothing", "/api/messages/x", "/api/replies/1")) {
      HttpResponse<String> r = call("GET", path, null, null);
      assertEquals(404, r.statusCode(), path);
      assertTrue(JSON.readTree(r.body()).path("error").asText().contains("openapi.json"), r.body());
    }
  }

  @Test
  void everyDescribedOperationAnswersWithADocumentedStatusAndSchema() throws Exception {
    // a message to look at (id 1, with an image at part 0 and a text), and scripted replies
    assertEquals(200, InboxTestSupport.post(stub.endpoint(), InboxTestSupport.pictureMessage("Look", "a caption")));
    List<String> order = new ArrayList<>(described());
    // what takes away what the others look at comes last
    List<String> last = List.of("DELETE /api/messages/{id}", "DELETE /api/messages", "POST /api/reset");
    order.sort(java.util.Comparator.comparingInt(last::indexOf));
    List<String> checked = new ArrayList<>();
    for (String route : order) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1);
      if (path.equals("/api/events")) {
        continue; // a stream: EventStreamsTest reads it
      }
      Operation op = openApi.getPaths().get(path).readOperationsMap().get(PathItem.HttpMethod.valueOf(method));
      String body = null;
      String type = null;
      if (op.getRequestBody() != null && op.getRequestBody().getContent().get("application/json") != null) {
        type = "application/json";
        body = switch (path) {
          case "/api/replies" -> "[{\"status\": 3001}, {\"kind\": \"empty\", \"httpStatus\": 503, \"delayMillis\": 10}]";
          case "/api/push-target" -> "{\"url\": null, \"sendHeld\": true}";
          case "/api/deliver" -> "{\"sender\": \"+447700900123\", \"to\": [\"12345\"], \"subject\": \"Hi\", \"text\": \"hello\"}";
          default -> "{\"status\": \"Retrieved\"}";
        };
      }
      HttpResponse<String> r = call(method, concrete(path, 1), type, body);
      String code = Integer.toString(r.statusCode());
      ApiResponse documented = op.getResponses().get(code);
      assertNotNull(documented, route + " answered " + code + ", which is not documented: " + r.body());
      assertTrue(r.statusCode() < 400, route + " should succeed here: " + code + " " + r.body());
      String contentType = r.headers().firstValue("content-type").orElse("");
      if (contentType.startsWith("application/json")) {
        MediaType media = documented.getContent().get("application/json");
        assertNotNull(media, route + " answered JSON, which is not documented");
        assertConforms(route, code, JSON.readTree(r.body()));
      } else {
        assertTrue(documented.getContent().containsKey("*/*"), route + " answered " + contentType);
      }
      checked.add(route);
    }
    assertEquals(described().size() - 1, checked.size(), "checked: " + checked);
  }

  @Test
  void errorsAreDocumentedAndMatchTheErrorSchema() throws Exception {
    String[][] cases = {
        {"GET", "/api/messages/99", null, null, "404"},
        {"GET", "/api/messages?limit=-1", null, null, "400"},
        {"GET", "/api/messages?sort=date", null, null, "400"},
        {"GET", "/api/messages?after=yesterday", null, null, "400"},
        {"POST", "/api/replies", "application/json", "{\"status\": \"busy\"}", "400"},
        {"POST", "/api/replies", "application/json", "{\"satus\": 3001}", "400"},
        {"POST", "/api/replies", "text/plain", "status=3001", "415"},
        {"POST", "/api/deliver", "application/json", "{\"to\": \"12345\"}", "400"},
        {"POST", "/api/deliver", "text/plain", "hello", "415"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = call(c[0], c[1], c[2], c[3]);
      assertEquals(c[4], Integer.toString(r.statusCode()), c[0] + " " + c[1] + " " + c[3] + ": " + r.body());
      String template = c[1].replaceAll("\\?.*", "").replaceAll("/\\d+", "/{id}");
      Operation op = openApi.getPaths().get(template).readOperationsMap().get(PathItem.HttpMethod.valueOf(c[0]));
      assertNotNull(op.getResponses().get(c[4]), c[0] + " " + template + " does not document " + c[4]);
      assertConforms(c[0] + " " + template, c[4], JSON.readTree(r.body()));
    }
    assertTrue(stub.queuedReplies().isEmpty(), "a refused list of replies queues none");
  }

  /** The path with its {id} and {n} filled in ({n} = 0). */
  private static String concrete(String template, long id) {
    return template.replace("{id}", Long.toString(id)).replace("{n}", "0");
  }

  private static HttpResponse<String> call(String method, String path, String contentType, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
        .header("X-OpenMM7-Inbox", "1")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return InboxTestSupport.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The answer matches the schema the document gives for this route and status. */
  static void assertConforms(String route, String status, JsonNode answer) throws Exception {
    String method = route.substring(0, route.indexOf(' ')).toLowerCase(java.util.Locale.ROOT);
    String path = route.substring(route.indexOf(' ') + 1);
    JsonNode doc = JSON.readTree(text);
    JsonNode schema = doc.path("paths").path(path).path(method).path("responses").path(status)
        .path("content").path("application/json").path("schema");
    assertFalse(schema.isMissingNode(), route + " " + status + " has no JSON schema");
    // the schema with the document's components beside it, so that its $refs resolve
    ObjectNode root = schema.deepCopy();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.set("components", doc.get("components"));
    JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
    Set<ValidationMessage> problems = validator.validate(answer);
    assertTrue(problems.isEmpty(), route + " " + status + " does not match its schema: " + problems + "\n" + answer);
  }

  @Test
  void theSchemaCheckCanFail() throws Exception {
    // a summary without its id, an error with a number: the validator must notice both
    JsonNode notAList = JSON.readTree("[{\"receivedAt\": \"2026-01-01T00:00:00Z\", \"operation\": null, \"recipients\": [],"
        + " \"findings\": 0, \"answer\": {}}]");
    AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> assertConforms("get /api/messages".toUpperCase(java.util.Locale.ROOT).replace("/API/MESSAGES", "/api/messages"),
            "200", notAList));
    assertTrue(e.getMessage().contains("id"), e.getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> assertConforms("GET /api/messages/{id}", "404", JSON.readTree("{\"error\": 1}")));
  }
}
