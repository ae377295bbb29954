package org.linli.cloud.tickets;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import org.linli.cloud.ingest.LogThrottle;
import org.linli.config.Grid;
import org.linli.config.Site;
import org.linli.config.Space;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Open311 GeoReport v2 (JSON only): city systems and residents' apps list the services, file requests
 * (with an API key) and read the status of requests, which are the grid tickets. Spaces have no
 * coordinates, so a request names its space: the attribute {@code attribute[space]} (a space id, see
 * {@code services/{code}.json}), or an {@code address_string} that is a space's id or name; lat/long
 * alone are refused. Status: open until resolved, then closed (rejected tickets are closed too).
 */
@Controller("/open311/v2")
@ExecuteOn(TaskExecutors.BLOCKING)
public class Open311Controller {
    private static final Logger LOG = LoggerFactory.getLogger(Open311Controller.class);
    private static final DateTimeFormatter W3C = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final int MAX_REQUESTS = 1000;

    /** The services residents can file: code → name, description, group. */
    private static final Map<String, String[]> SERVICES = new LinkedHashMap<>();

    static {
        SERVICES.put("noise", new String[]{"噪声扰民", "广场舞、音响等噪声 Noise from square dancing or loudspeakers", "环境 environment"});
        SERVICES.put("encroachment", new String[]{"占用公共空间", "绿地停车、消防通道堵塞、占道摆摊 Cars on green space, blocked fire lanes, stalls", "秩序 order"});
        SERVICES.put("facility", new String[]{"公共设施损坏", "健身器材、路灯等损坏 Broken fitness equipment, lights", "设施 facilities"});
        SERVICES.put("other", new String[]{"其他", "其他社区事务 Other community matters", "其他 other"});
    }

    private final TicketService service;
    private final Open311Settings settings;
    private final Site site;
    private final Routing routing;
    /** Refused requests by reason, since start. */
    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
    private final LogThrottle throttle;

    public Open311Controller(TicketService service, Open311Settings settings, Site site, Routing routing, Clock clock) {
        this.service = service;
        this.settings = settings;
        this.site = site;
        this.routing = routing;
        this.throttle = new LogThrottle(clock, Duration.ofMinutes(1));
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ServiceView(String service_code, String service_name, String description, boolean metadata, String type,
                       String keywords, String group) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record AttributeValue(String key, String name) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Attribute(boolean variable, String code, String datatype, boolean required, String datatype_description,
                     int order, String description, List<AttributeValue> values) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Definition(String service_code, List<Attribute> attributes) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Created(String service_request_id, String service_notice, @Nullable String account_id) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RequestView(String service_request_id, String status, @Nullable String status_notes, String service_name,
                       String service_code, @Nullable String description, String agency_responsible,
                       @Nullable String service_notice, String requested_datetime, String updated_datetime,
                       @Nullable String expected_datetime, String address, String address_id,
                       @Nullable String zipcode, @Nullable Double lat, @JsonProperty("long") @Nullable Double lon,
                       @Nullable String media_url) {
    }

    @Serdeable
    record Error311(int code, String description) {
    }

    @Get(uri = "/services.json", produces = MediaType.APPLICATION_JSON)
    List<ServiceView> services() {
        return SERVICES.entrySet().stream().map(e -> new ServiceView(e.getKey(), e.getValue()[0], e.getValue()[1], true,
                "realtime", "", e.getValue()[2])).toList();
    }

    @Get(uri = "/services/{code}.json", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> definition(@PathVariable String code) {
        if (!SERVICES.containsKey(code)) {
            return error(HttpStatus.NOT_FOUND, "no service " + code);
        }
        List<AttributeValue> spaces = site.spaces().stream().map(s -> new AttributeValue(s.id(), s.name())).toList();
        return HttpResponse.ok(new Definition(code, List.of(new Attribute(true, "space", "singlevaluelist", false,
                "the space's id (or give address_string: a space's id or name)", 1, "地点 space", spaces))));
    }

    /** Files a request as a resident report ticket; form-encoded as the spec says. */
    @Post(uri = "/requests.json", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> create(@Body String form, @Nullable @QueryValue("api_key") String queryKey) {
        Map<String, String> f;
        try {
            f = decode(form);
        } catch (IllegalArgumentException e) {
            // Found by HttpFuzzIT: a broken %-escape made URLDecoder throw, which answered 500.
            return refuse("bad-form", HttpStatus.BAD_REQUEST, "the body is not application/x-www-form-urlencoded: "
                    + e.getMessage());
        }
        String key = f.getOrDefault("api_key", queryKey);
        if (!settings.accepts(key)) {
            boolean missing = key == null || key.isBlank();
            return refuse(missing ? "missing-key" : "bad-key", HttpStatus.FORBIDDEN,
                    missing ? "api_key is required" : "api_key is not valid");
        }
        String code = f.get("service_code");
        if (code == null || !SERVICES.containsKey(code)) {
            return refuse("bad-service", HttpStatus.BAD_REQUEST, "service_code must be one of " + SERVICES.keySet());
        }
        Optional<Space> space = space(f.get("attribute[space]"), f.get("address_string"));
        if (space.isEmpty()) {
            return refuse("unknown-space", HttpStatus.BAD_REQUEST, "name the space: attribute[space] (a space id) or address_string (a space's id or name); "
                    + "spaces: " + site.spaces().stream().map(Space::id).toList());
        }
        String description = trim(f.get("description"), 4000);
        String reporter = trim(Arrays.stream(new String[]{f.get("first_name"), f.get("last_name"), f.get("email"), f.get("phone")})
                .filter(s -> s != null && !s.isBlank()).collect(Collectors.joining(" ")), 200);
        Routing.Route route = routing.route(space.get().id()).orElseThrow();
        Instant now = service.now();
        Ticket.Builder b = new Ticket.Builder();
        b.kind = TicketKind.RESIDENT_REPORT;
        b.space = space.get().id();
        b.grid = route.grid();
        b.episodeKey = "open311:" + UUID.randomUUID();
        b.status = TicketStatus.FILED;
        b.level = route.assignment().level();
        b.assignee = route.assignment().assignee();
        b.title = space.get().name() + " " + SERVICES.get(code)[0] + "（居民诉求）";
        b.subject = code;
        b.reporter = reporter == null || reporter.isBlank() ? null : reporter;
        b.description = description;
        b.filedAt = now;
        b.updatedAt = now;
        b.seriesCount = 1;
        Ticket t = service.open(b.build()).orElseThrow();
        return HttpResponse.status(HttpStatus.CREATED).body(List.of(new Created(String.valueOf(t.id()),
                "已受理，由" + t.level().zh() + " " + t.assignee() + " 处理", null)));
    }

    @Get(uri = "/requests.json{?service_request_id,service_code,start_date,end_date,status}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> requests(@Nullable @QueryValue("service_request_id") String ids,
                             @Nullable @QueryValue("service_code") String code,
                             @Nullable @QueryValue("start_date") String startDate,
                             @Nullable @QueryValue("end_date") String endDate,
                             @Nullable @QueryValue("status") String status) {
        Instant now = service.now();
        List<Ticket> found;
        if (ids != null && !ids.isBlank()) {
            found = Arrays.stream(ids.split(",")).map(String::strip).map(Open311Controller::id)
                    .flatMap(id -> id == null ? java.util.stream.Stream.empty() : service.find(id).stream()).toList();
        } else {
            Instant end;
            Instant start;
            try {
                end = endDate == null ? now.plusSeconds(1) : OffsetDateTime.parse(endDate).toInstant();
                start = startDate == null ? end.minus(Duration.ofDays(90)) : OffsetDateTime.parse(startDate).toInstant();
            } catch (DateTimeParseException e) {
                return error(HttpStatus.BAD_REQUEST, "start_date and end_date must be W3C date-times, e.g. 2026-11-01T00:00:00+08:00");
            }
            found = service.store().filedBetween(start, end);
        }
        Set<String> codes = code == null || code.isBlank() ? Set.of() : Set.of(code.split(","));
        List<RequestView> out = found.stream()
                .filter(t -> codes.isEmpty() || codes.contains(serviceCode(t)))
                .filter(t -> status == null || status.isBlank() || status.equals(status(t)))
                .limit(MAX_REQUESTS)
                .map(this::view)
                .toList();
        return HttpResponse.ok(out);
    }

    @Get(uri = "/requests/{id}.json", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> request(@PathVariable String id) {
        Long n = id(id);
        Optional<Ticket> t = n == null ? Optional.empty() : service.find(n);
        return t.<HttpResponse<?>>map(ticket -> HttpResponse.ok(List.of(view(ticket))))
                .orElseGet(() -> error(HttpStatus.NOT_FOUND, "no request " + id));
    }

    private RequestView view(Ticket t) {
        String code = serviceCode(t);
        String name = SERVICES.containsKey(code) ? SERVICES.get(code)[0] : t.kind().zh();
        Space space = site.space(t.space()).orElse(null);
        return new RequestView(String.valueOf(t.id()), status(t), t.status().zh() + " · " + t.level().zh() + " " + t.assignee(),
                name, code, t.description() != null ? t.description() : t.title(),
                site.grid(t.grid()).map(Grid::name).orElse(t.grid()), null, w3c(t.filedAt()), w3c(t.updatedAt()),
                t.resolveDue() == null ? null : w3c(t.resolveDue()), space == null ? t.space() : space.name(), t.space(),
                null, null, null, null);
    }

    /** Open311 knows only open and closed: resolved, evaluated, closed and rejected tickets are closed. */
    static String status(Ticket t) {
        return t.status().open() ? "open" : "closed";
    }

    static String serviceCode(Ticket t) {
        return t.kind() == TicketKind.RESIDENT_REPORT && t.subject() != null ? t.subject()
                : t.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private String w3c(Instant t) {
        return W3C.format(t.atZone(site.zone()).toOffsetDateTime());
    }

    private Optional<Space> space(String attribute, String address) {
        if (attribute != null && !attribute.isBlank()) {
            return site.space(attribute.strip());
        }
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        String a = address.strip();
        return site.spaces().stream().filter(s -> s.id().equals(a) || s.name().equals(a)).findFirst();
    }

    private static Long id(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String trim(String s, int max) {
        return s == null ? null : s.length() <= max ? s : s.substring(0, max);
    }

    /** The form's fields, the first of each name; throws IllegalArgumentException on a broken %-escape. */
    static Map<String, String> decode(String form) {
        Map<String, String> out = new LinkedHashMap<>();
        if (form == null) {
            return out;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    /** Counts the refusal under its reason and logs it at WARN, at most once a minute per reason. */
    private HttpResponse<?> refuse(String reason, HttpStatus status, String description) {
        long count = refused.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        throttle.acquire(reason).ifPresent(held -> LOG.warn("Open311 request refused ({}, {} since start, {} not logged): {}",
                reason, count, held, description));
        return error(status, description);
    }

    private static HttpResponse<?> error(HttpStatus status, String description) {
        return HttpResponse.status(status).body(List.of(new Error311(status.getCode(), description)));
    }
}
