package cn.certregistry.common;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sessions of their own on the primary, with the service's login, outside the pools: for what holds a session for
 * good (an advisory lock, a LISTEN), which a pooled connection must not. Closing one ends the session, and with it
 * whatever it held.
 */
@ApplicationScoped
public class OwnSessions {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> user;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    /** A new session, named as {@code pg_stat_activity} shows it, whose reads give up after {@code socketTimeout}. */
    public Connection open(String applicationName, Duration socketTimeout) throws SQLException {
        Properties login = new Properties();
        user.ifPresent(name -> login.setProperty("user", name));
        password.ifPresent(secret -> login.setProperty("password", secret));
        login.setProperty("ApplicationName", applicationName);
        login.setProperty("connectTimeout", "5");
        login.setProperty("socketTimeout", Long.toString(socketTimeout.toSeconds()));
        return DriverManager.getConnection(url, login);
    }
}
