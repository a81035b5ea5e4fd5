package cn.certregistry.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The tree's stored nodes, read a list at a time: a proof or a tile is one statement. */
final class LogNodes {

    private LogNodes() {
    }

    static Map<Merkle.Node, byte[]> read(Connection connection, List<Merkle.Node> nodes) {
        try (PreparedStatement read = connection.prepareStatement("select n.level, n.index, n.hash from log_node n"
                + " join unnest(?::smallint[], ?::bigint[]) as wanted (level, index) using (level, index)")) {
            read.setArray(1, connection.createArrayOf("smallint", nodes.stream().map(n -> (short) n.level()).toArray()));
            read.setArray(2, connection.createArrayOf("bigint", nodes.stream().map(Merkle.Node::index).toArray()));
            Map<Merkle.Node, byte[]> hashes = new HashMap<>();
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    hashes.put(new Merkle.Node(rows.getInt(1), rows.getLong(2)), rows.getBytes(3));
                }
            }
            return hashes;
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the log's nodes failed", e);
        }
    }

    /** A reader of stored nodes that fails on one the log does not have. */
    static Merkle.NodeReader reader(Connection connection) {
        return LogIntegrator.nodes(connection, Map.of());
    }
}
