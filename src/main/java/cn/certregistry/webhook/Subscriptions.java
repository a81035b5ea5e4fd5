package cn.certregistry.webhook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import cn.certregistry.access.Subscriber;
import cn.certregistry.body.CertificationBody;
import cn.certregistry.common.Page;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.register.CertificateSearch;

/** A subscriber's subscriptions: made, listed, read and deleted only by the subscriber that owns them. */
@ApplicationScoped
public class Subscriptions {

    public static final int MAX_CERTIFICATES = 1000;
    public static final int MAX_PER_SUBSCRIBER = 100;
    private static final Pattern REGION_PREFIX = Pattern.compile("[0-9]{2}|[0-9]{4}|[0-9]{6}");
    private static final String COLUMNS = "s.id, s.url, s.filter_kind, s.body_code, s.region_prefix, s.public_key, s.created_at,"
            + " s.delivered_through, s.last_delivered, s.attempts, s.last_attempt_at, s.last_status, s.last_error, s.next_attempt_at,"
            + " s.failing";

    @Inject
    Session session;
    @Inject
    WebhookConfig config;

    /**
     * What a subscription asks for: a target and exactly one of {@code certificates}, {@code body} and
     * {@code region}; {@code after}, a log index, starts deliveries after it (default: after the current checkpoint).
     */
    public record NewSubscription(String url, List<String> certificates, String body, String region, Long after) {
    }

    /** Where delivery stands: everything matching up to {@code deliveredThrough} was delivered. */
    public record Delivery(long deliveredThrough, Long lastDeliveredIndex, long pending, boolean pendingExact,
            OffsetDateTime lastAttemptAt, Integer lastStatus, String lastError, int failedAttempts, OffsetDateTime nextAttemptAt,
            boolean failing) {
    }

    public record SubscriptionView(long id, String url, List<String> certificates, String body, String region, String publicKey,
            OffsetDateTime createdAt, Delivery delivery) {
    }

    @Transactional
    public SubscriptionView create(String subscriberCode, NewSubscription request) {
        if (request == null) {
            throw ProblemException.invalidParameter("body", "The request needs a body: the url and one filter.");
        }
        String url = TargetUrl.check(request.url(), config.allowLocalTargets()).toString();
        int filters = (request.certificates() == null ? 0 : 1) + (request.body() == null ? 0 : 1) + (request.region() == null ? 0 : 1);
        if (filters != 1) {
            throw ProblemException.invalidParameter("filter", "Give exactly one of 'certificates', 'body' and 'region'; "
                    + (filters == 0 ? "none was given." : filters + " were given."));
        }
        List<String> numbers = request.certificates() == null ? List.of() : numbers(request.certificates());
        String body = request.body() == null ? null : body(request.body());
        String region = request.region() == null ? null : region(request.region());
        long subscriber = subscriberId(subscriberCode);
        return session.doReturningWork(connection -> {
            if (single(connection, "select count(*) from webhook_subscription where subscriber_id = ?", subscriber)
                    >= MAX_PER_SUBSCRIBER) {
                throw new ProblemException(ProblemType.CONFLICT, "A subscriber has at most " + MAX_PER_SUBSCRIBER
                        + " subscriptions; delete one first.", null);
            }
            long size = checkpointSize(connection);
            long after = request.after() == null ? size - 1 : request.after();
            if (after < -1 || after >= size) {
                throw ProblemException.invalidParameter("after", "'after' must be a log index from -1 to " + (size - 1)
                        + " (the latest checkpoint's size is " + size + ").");
            }
            WebhookSignature.KeyPair key = WebhookSignature.generate();
            long id;
            try (PreparedStatement insert = connection.prepareStatement("insert into webhook_subscription (subscriber_id, url,"
                    + " filter_kind, body_code, region_prefix, public_key, private_key, delivered_through) values (?, ?, ?, ?, ?, ?, ?, ?)"
                    + " returning id")) {
                insert.setLong(1, subscriber);
                insert.setString(2, url);
                insert.setString(3, body != null ? Filter.BODY : region != null ? Filter.REGION : Filter.CERTIFICATES);
                insert.setString(4, body);
                insert.setString(5, region);
                insert.setBytes(6, key.publicKey());
                insert.setBytes(7, key.privateKey());
                insert.setLong(8, after);
                try (ResultSet result = insert.executeQuery()) {
                    result.next();
                    id = result.getLong(1);
                }
            }
            if (!numbers.isEmpty()) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into webhook_certificate (subscription_id, certificate_number) values (?, ?)")) {
                    for (String number : numbers) {
                        insert.setLong(1, id);
                        insert.setString(2, number);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            return read(connection, subscriber, id).orElseThrow();
        });
    }

    @Transactional
    public Page<SubscriptionView> list(String subscriberCode, Page.PageRequest page, jakarta.ws.rs.core.UriInfo uri) {
        long subscriber = subscriberId(subscriberCode);
        return session.doReturningWork(connection -> {
            long total = single(connection, "select count(*) from webhook_subscription where subscriber_id = ?", subscriber);
            List<SubscriptionView> items = new ArrayList<>();
            try (PreparedStatement read = connection.prepareStatement("select " + COLUMNS
                    + " from webhook_subscription s where s.subscriber_id = ? order by s.id limit ? offset ?")) {
                read.setLong(1, subscriber);
                read.setInt(2, page.size());
                read.setInt(3, page.offset());
                try (ResultSet rows = read.executeQuery()) {
                    long size = checkpointSize(connection);
                    while (rows.next()) {
                        items.add(view(connection, rows, size));
                    }
                }
            }
            return Page.of(items, total, page, uri);
        });
    }

    @Transactional
    public SubscriptionView find(String subscriberCode, long id) {
        long subscriber = subscriberId(subscriberCode);
        return session.doReturningWork(connection -> read(connection, subscriber, id)).orElseThrow(() -> notFound(id));
    }

    @Transactional
    public void delete(String subscriberCode, long id) {
        long subscriber = subscriberId(subscriberCode);
        int deleted = session.doReturningWork(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "delete from webhook_subscription where id = ? and subscriber_id = ?")) {
                delete.setLong(1, id);
                delete.setLong(2, subscriber);
                return delete.executeUpdate();
            }
        });
        if (deleted == 0) {
            throw notFound(id);
        }
    }

    /** Another subscriber's subscription is answered like a missing one: its existence is not the caller's business. */
    private static ProblemException notFound(long id) {
        return ProblemException.notFound("You have no subscription with the id " + id + ".");
    }

    private static long subscriberId(String code) {
        return Subscriber.findByCode(code).map(s -> s.id)
                .orElseThrow(() -> new ProblemException(ProblemType.FORBIDDEN, "The key's subscriber is not registered.", null));
    }

    private Optional<SubscriptionView> read(Connection connection, long subscriber, long id) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement("select " + COLUMNS
                + " from webhook_subscription s where s.id = ? and s.subscriber_id = ?")) {
            read.setLong(1, id);
            read.setLong(2, subscriber);
            try (ResultSet row = read.executeQuery()) {
                return row.next() ? Optional.of(view(connection, row, checkpointSize(connection))) : Optional.empty();
            }
        }
    }

    private static SubscriptionView view(Connection connection, ResultSet row, long size) throws SQLException {
        long id = row.getLong("id");
        Filter filter = new Filter(id, row.getString("filter_kind"), row.getString("body_code"), row.getString("region_prefix"));
        List<String> numbers = null;
        if (filter.kind().equals(Filter.CERTIFICATES)) {
            numbers = new ArrayList<>();
            try (PreparedStatement read = connection.prepareStatement("select certificate_number from webhook_certificate"
                    + " where subscription_id = ? order by certificate_number")) {
                read.setLong(1, id);
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        numbers.add(rows.getString(1));
                    }
                }
            }
        }
        long through = row.getLong("delivered_through");
        Page.Total pending = Page.Total.capped(pending(connection, filter, through, size));
        Delivery delivery = new Delivery(through, (Long) row.getObject("last_delivered"), pending.count(), pending.exact(),
                time(row.getTimestamp("last_attempt_at")), (Integer) row.getObject("last_status"), row.getString("last_error"),
                row.getInt("attempts"), time(row.getTimestamp("next_attempt_at")), row.getBoolean("failing"));
        return new SubscriptionView(id, row.getString("url"), numbers, filter.body(), filter.region(),
                WebhookSignature.publicKeyText(row.getBytes("public_key")), time(row.getTimestamp("created_at")), delivery);
    }

    /** How many matching entries after {@code through} the latest checkpoint covers, counted up to one past the cap. */
    static long pending(Connection connection, Filter filter, long through, long size) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("select count(*) from (select 1 from log_entry e where e.index > ?"
                + " and e.index < ? and " + filter.condition() + " limit " + (Page.MAX_COUNT + 1) + ") matching")) {
            count.setLong(1, through);
            count.setLong(2, size);
            filter.bind(count, 3);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    static long checkpointSize(Connection connection) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement("select coalesce(max(size), 0) from log_checkpoint");
                ResultSet result = read.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    private static List<String> numbers(List<String> given) {
        if (given.isEmpty()) {
            throw ProblemException.invalidParameter("certificates", "'certificates' lists at least one certificate number.");
        }
        if (given.size() > MAX_CERTIFICATES) {
            throw new ProblemException(ProblemType.CONTENT_TOO_LARGE, "'certificates' lists " + given.size()
                    + " numbers; a subscription watches at most " + MAX_CERTIFICATES + ".", "certificates");
        }
        Set<String> numbers = new LinkedHashSet<>();
        for (String number : given) {
            String normalized = number == null ? "" : number.strip().toUpperCase(Locale.ROOT);
            if (!CertificateSearch.NUMBER.matcher(normalized).matches()) {
                throw ProblemException.invalidParameter("certificates", "'certificates' holds '" + printable(number)
                        + "', which is not a certificate number (capital letters, digits and hyphens, at most 40).");
            }
            numbers.add(normalized);
        }
        return List.copyOf(numbers);
    }

    private static String body(String given) {
        String code = given.strip().toUpperCase(Locale.ROOT);
        if (!CertificationBody.isCode(code)) {
            throw ProblemException.invalidParameter("body", "'body' must be a body's code: 2 to 20 capital letters, digits or hyphens.");
        }
        if (CertificationBody.findByCode(code).isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_SUBSCRIPTION, "No certification body has the code " + code + ".", "body");
        }
        return code;
    }

    private String region(String given) {
        String prefix = given.strip();
        if (!REGION_PREFIX.matcher(prefix).matches()) {
            throw ProblemException.invalidParameter("region", "'region' must be a GB/T 2260 code prefix of 2, 4 or 6 digits,"
                    + " e.g. 4401 for 广州市.");
        }
        long regions = session.doReturningWork(connection -> {
            try (PreparedStatement read = connection.prepareStatement("select count(*) from (select 1 from region where code like ?"
                    + " limit 1) found")) {
                read.setString(1, prefix + "%");
                try (ResultSet result = read.executeQuery()) {
                    result.next();
                    return result.getLong(1);
                }
            }
        });
        if (regions == 0) {
            throw new ProblemException(ProblemType.INVALID_SUBSCRIPTION, "No region's code starts with " + prefix + ".", "region");
        }
        return prefix;
    }

    private static String printable(String text) {
        if (text == null) {
            return "null";
        }
        String shown = text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return shown.length() > 60 ? shown.substring(0, 60) + "…" : shown;
    }

    private static long single(Connection connection, String sql, long parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, parameter);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static OffsetDateTime time(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant().atOffset(ZoneOffset.UTC);
    }
}
