// A real S3-compatible server (s3rver) in its own process, on 127.0.0.1 and a free port, storing under argv[2].
// Prints {"port": N} on stdout once it listens; stops on SIGTERM.
const S3rver = require('s3rver');
const { atomicObjects } = require('./s3rver-atomic');

const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.argv[2] });
atomicObjects(server.store);
server.run().then(({ port }) => {
  // Node's 5 s keep-alive timeout lets the server close an idle socket just as a client reuses it ("other side
  // closed"), which a loaded machine turns into failed tests; keep idle sockets open longer than any test waits.
  server.httpServer.keepAliveTimeout = 120000;
  server.httpServer.headersTimeout = 121000;
  process.stdout.write(JSON.stringify({ port }) + '\n');
});
// Idle keep-alive sockets would hold a graceful close open for the 120 s above: a stopping test server drops them.
process.on('SIGTERM', () => {
  server.httpServer?.closeAllConnections();
  server.close().then(() => process.exit(0));
});
