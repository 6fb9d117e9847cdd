package skillgraph.neo4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Embeds Neo4j Community with Bolt on 127.0.0.1, auth off and HTTP off, in a fresh data
 * directory, and shuts it down cleanly on SIGTERM. Prints "BOLT READY bolt://127.0.0.1:PORT"
 * once Bolt accepts connections, so scripts can wait for that line.
 *
 * Usage: Launcher [port] [data-dir]. Defaults: 7687 and a new temporary directory, removed on exit.
 */
public final class Launcher {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 7687;
        boolean ownDir = args.length < 2;
        Path home = ownDir ? Files.createTempDirectory("skillgraph-neo4j-") : Path.of(args[1]);
        if (!ownDir) {
            deleteTree(home); // a fresh directory per run: tests must not see an earlier run's data
            Files.createDirectories(home);
        }

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(128))
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(5))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                dbms.shutdown();
                if (ownDir) {
                    deleteTree(home);
                }
            } catch (Exception e) {
                System.err.println("neo4j shutdown: " + e);
            } finally {
                stopped.countDown();
            }
        }, "neo4j-shutdown"));

        // The default database is available once build() returns; a query proves it.
        dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
        System.out.println("BOLT READY bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }

    private static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
