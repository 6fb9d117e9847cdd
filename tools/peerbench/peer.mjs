// The peer of skillgraph's benchmark: the graph skillgraph stores in Neo4j, served by the
// generic @neo4j/graphql library on graphql-yoga, with typeDefs written over skillgraph's labels,
// relationship types and properties (typedefs.graphql).
//
//   NEO4J_URI=bolt://127.0.0.1:7711 PORT=4000 node peer.mjs
//
// POST /graphql answers GraphQL; GET /metrics gives the Cypher queries run so far
// (peer_cypher_queries_total), so that a benchmark can report queries per request.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { createYoga } from "graphql-yoga";
import neo4j from "neo4j-driver";

const uri = process.env.NEO4J_URI;
const port = Number(process.env.PORT || 4000);
if (!uri) {
  console.error("peer: set NEO4J_URI");
  process.exit(2);
}
const auth = process.env.NEO4J_USER ? neo4j.auth.basic(process.env.NEO4J_USER, process.env.NEO4J_PASSWORD ?? "") : undefined;
const driver = neo4j.driver(uri, auth);

// Count every Cypher query the library runs, through the driver's transactions.
let queries = 0;
const counted = new Proxy(driver, {
  get(target, prop) {
    if (prop !== "session") return Reflect.get(target, prop, target);
    return (...args) => {
      const session = target.session(...args);
      const wrapTx = (fn) => (tx) =>
        fn(new Proxy(tx, {
          get(t, p) {
            if (p !== "run") return Reflect.get(t, p, t);
            return (...a) => { queries++; return t.run(...a); };
          },
        }));
      const executeRead = session.executeRead.bind(session);
      const executeWrite = session.executeWrite.bind(session);
      session.executeRead = (fn, cfg) => executeRead(wrapTx(fn), cfg);
      session.executeWrite = (fn, cfg) => executeWrite(wrapTx(fn), cfg);
      return session;
    };
  },
});

const typeDefs = readFileSync(new URL("./typedefs.graphql", import.meta.url), "utf8");
const neoSchema = new Neo4jGraphQL({
  typeDefs,
  driver: counted,
  features: { filters: { String: { CASE_INSENSITIVE: true } } },
});
const schema = await neoSchema.getSchema();
if (process.argv.includes("--print-schema")) {
  const { printSchema } = await import("graphql");
  console.log(printSchema(schema));
  process.exit(0);
}
await driver.verifyConnectivity();

const yoga = createYoga({ schema, graphqlEndpoint: "/graphql", logging: "warn", maskedErrors: false });
const server = createServer((req, res) => {
  if (req.url === "/metrics") {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(`peer_cypher_queries_total ${queries}\n`);
    return;
  }
  yoga(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1", () => console.log(`PEER READY http://127.0.0.1:${port}/graphql`));

const stop = () => {
  server.close(() => driver.close().finally(() => process.exit(0)));
  server.closeAllConnections();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
