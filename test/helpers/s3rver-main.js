// A real S3-compatible server (s3rver) in its own process, on 127.0.0.1 and a free port, storing under argv[2].
// Prints {"port": N} on stdout once it listens; stops on SIGTERM.
const S3rver = require('s3rver');

const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.argv[2] });
server.run().then(({ port }) => {
  process.stdout.write(JSON.stringify({ port }) + '\n');
});
process.on('SIGTERM', () => {
  server.close().then(() => process.exit(0));
});
