package dev.franking.service.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The API's endpoints as Spring MVC maps them, so that a test covers every endpoint there is, under
 * whichever version prefix the controllers use at the time.
 */
public final class ApiEndpoints {
    private ApiEndpoints() {}

    public record Endpoint(RequestMethod method, String pattern, HandlerMethod handler) {
        /** The pattern with its variables filled: numbers for numeric ones, else a fresh UUID. */
        public String path() {
            Matcher m = Pattern.compile("\\{([^}/]+)}").matcher(pattern);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(sb, valueFor(m.group(1)));
            }
            m.appendTail(sb);
            return sb.toString();
        }

        private String valueFor(String variable) {
            for (MethodParameter p : handler.getMethodParameters()) {
                PathVariable v = p.getParameterAnnotation(PathVariable.class);
                if (v == null) {
                    continue;
                }
                String name = !v.value().isEmpty() ? v.value() : p.getParameterName();
                if (variable.equals(name)) {
                    Class<?> t = p.getParameterType();
                    if (t == int.class || t == long.class || Number.class.isAssignableFrom(t)) {
                        return "0";
                    }
                }
            }
            return UUID.randomUUID().toString();
        }

        /** The type of the JSON body Spring MVC reads for it, or null if it reads none. */
        public Class<?> jsonBodyType() {
            ReadsJson own = handler.getMethodAnnotation(ReadsJson.class);
            if (own != null) {
                return own.value();
            }
            for (MethodParameter p : handler.getMethodParameters()) {
                if (p.hasParameterAnnotation(RequestBody.class)) {
                    Class<?> t = p.getParameterType();
                    boolean raw =
                            t == byte[].class
                                    || t == String.class
                                    || InputStream.class.isAssignableFrom(t)
                                    || org.springframework.core.io.Resource.class.isAssignableFrom(
                                            t);
                    return raw ? null : t;
                }
            }
            return null;
        }

        /** A JSON property name the body type knows (not a primitive, so null is accepted). */
        public String someProperty() {
            Class<?> t = jsonBodyType();
            if (t != null && t.isRecord()) {
                for (RecordComponent c : t.getRecordComponents()) {
                    if (c.getType().isPrimitive()) {
                        continue;
                    }
                    JsonProperty jp = c.getAnnotation(JsonProperty.class);
                    return jp != null && !jp.value().isEmpty() ? jp.value() : c.getName();
                }
            }
            return "k";
        }

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    /** Every endpoint under {@code /api/}, one per method and pattern. */
    public static List<Endpoint> all(RequestMappingHandlerMapping mapping) {
        List<Endpoint> out = new ArrayList<>();
        mapping.getHandlerMethods()
                .forEach(
                        (RequestMappingInfo info, HandlerMethod h) -> {
                            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                            for (String pattern : info.getPatternValues()) {
                                if (!pattern.startsWith("/api/")) {
                                    continue;
                                }
                                for (RequestMethod m :
                                        methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                                    out.add(new Endpoint(m, pattern, h));
                                }
                            }
                        });
        return out;
    }

    /** The one endpoint with this method whose pattern matches {@code regex}. */
    public static Endpoint find(
            RequestMappingHandlerMapping mapping, RequestMethod method, String regex) {
        List<Endpoint> found =
                all(mapping).stream()
                        .filter(e -> e.method() == method && e.pattern().matches(regex))
                        .toList();
        if (found.size() != 1) {
            throw new IllegalStateException(
                    "expected one " + method + " " + regex + ", found " + found);
        }
        return found.get(0);
    }
}
