// Makes s3rver's filesystem store keep S3's promise that a PUT is atomic.
//
// s3rver 3.x rewrites an object's file in place (and answers the PUT before the write has finished), then writes its
// md5 and metadata; a GET reads the size from the metadata and streams the file. A GET that overlaps a PUT of the same
// key can therefore send fewer bytes than its Content-Length, and the client waits for the rest until the socket closes
// (seen as a 120 s hang and "terminated" in the registry's concurrent-push tests), or pair one version's etag with
// another's bytes. Real S3 (and MinIO, R2, Ceph) never does either, so the test server must not: each key's reads,
// writes and deletes run one at a time, a PUT writes a temporary file and renames it before answering, and a GET reads
// the object whole while it holds the key.
const fs = require('node:fs');
const crypto = require('node:crypto');
const path = require('node:path');
const { Readable } = require('node:stream');
const S3Object = require('s3rver/lib/models/object');

/** Runs `fn` after every earlier call for the same id has settled. */
function keyedQueue() {
  const tails = new Map();
  return (id, fn) => {
    const run = (tails.get(id) ?? Promise.resolve()).then(fn);
    const tail = run.then(() => undefined, () => undefined);
    tails.set(id, tail);
    tail.then(() => {
      if (tails.get(id) === tail) tails.delete(id);
    });
    return run;
  };
}

async function readAll(content) {
  if (Buffer.isBuffer(content)) return content;
  const chunks = [];
  for await (const chunk of content) chunks.push(chunk);
  return Buffer.concat(chunks);
}

let temporaries = 0;

/** Replaces the object methods of `store` (an s3rver FilesystemStore) with atomic ones. */
function atomicObjects(store) {
  const queue = keyedQueue();
  const id = (bucket, key) => `${bucket}\0${key}`;
  const unlockedMetadata = store.getMetadata.bind(store);
  const unlockedDelete = store.deleteObject.bind(store);

  store.getMetadata = (bucket, key) => queue(id(bucket, key), () => unlockedMetadata(bucket, key));
  store.deleteObject = (bucket, key) => queue(id(bucket, key), () => unlockedDelete(bucket, key));

  store.putObject = async (object) => {
    // The body arrives before the key is taken, so a slow upload does not hold up readers of the old version.
    const bytes = await readAll(object.content);
    return queue(id(object.bucket, object.key), async () => {
      const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
      const temporary = `${objectPath}.${process.pid}-${++temporaries}.partial`;
      await fs.promises.mkdir(path.dirname(objectPath), { recursive: true });
      await fs.promises.writeFile(temporary, bytes);
      await fs.promises.rename(temporary, objectPath);
      const md5 = crypto.createHash('md5').update(bytes).digest('hex');
      await store.putMetadata(object.bucket, object.key, object.metadata, md5);
      return { size: bytes.length, md5 };
    });
  };

  // Same answers as s3rver's getObject (null when missing, a range object without content when unsatisfiable).
  store.getObject = (bucket, key, options) =>
    queue(id(bucket, key), async () => {
      let metadata;
      let bytes;
      try {
        metadata = await unlockedMetadata(bucket, key);
        bytes = await fs.promises.readFile(store.getResourcePath(bucket, key, 'object'));
      } catch (err) {
        if (err.code === 'ENOENT') return null;
        throw err;
      }
      const lastByte = Math.max(0, bytes.length - 1);
      const range = { start: options?.start || 0, end: Math.min(options?.end || Infinity, lastByte) };
      const satisfiable = range.start >= 0 && range.end >= range.start;
      const content = satisfiable ? Readable.from([bytes.subarray(range.start, range.end + 1)]) : null;
      const object = new S3Object(bucket, key, content, { ...metadata, 'content-length': bytes.length });
      if (options && (options.start !== undefined || options.end)) object.range = range;
      return object;
    });
}

module.exports = { atomicObjects };
