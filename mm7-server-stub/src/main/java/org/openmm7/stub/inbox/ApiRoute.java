package org.openmm7.stub.inbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One route of the JSON API: a method and a path template under {@code /api} whose {@code {name}}
 * segments are numbers ({@code /messages/{id}/parts/{n}}). The routes are a table, so that what the
 * server answers and what its OpenAPI document describes can be compared.
 */
record ApiRoute(String method, String template, Pattern pattern, List<String> names, Action action) {
  private static final Pattern PARAMETER = Pattern.compile("\\{([a-z]+)}");

  /** What a route does. */
  interface Action {
    void run(Call call) throws Exception;
  }

  /** A request matched to a route, with its path parameters. */
  record Call(Map<String, String> parameters, Request request, Response response, Callback callback) {
    long number(String name) {
      return Long.parseLong(parameters.get(name));
    }
  }

  /** A refusal the dispatcher answers as {@code {"error": ...}} with this status. */
  static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Refusal(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  static ApiRoute of(String method, String template, Action action) {
    Matcher m = PARAMETER.matcher(template);
    StringBuilder regex = new StringBuilder();
    List<String> names = new ArrayList<>();
    int at = 0;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(at, m.start()))).append("(\\d{1,18})");
      names.add(m.group(1));
      at = m.end();
    }
    regex.append(Pattern.quote(template.substring(at)));
    return new ApiRoute(method, template, Pattern.compile(regex.toString()), List.copyOf(names), action);
  }

  /** The path parameters when the path fits the template, else null. */
  Map<String, String> match(String path) {
    Matcher m = pattern.matcher(path);
    if (!m.matches()) {
      return null;
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      values.put(names.get(i), m.group(i + 1));
    }
    return values;
  }

  /** "GET /api/messages/{id}": how the OpenAPI document names it. */
  String describe() {
    return method + " /api" + template;
  }
}
