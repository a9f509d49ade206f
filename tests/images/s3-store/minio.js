// The stand-in's entrypoint: `minio server <dir>` as the official MinIO image runs it, served by s3rver.
'use strict';
const http = require('http');
const S3rver = require('s3rver');
const AWSAccount = require('s3rver/lib/models/account');

const [command, directory] = process.argv.slice(2);
if (command !== 'server' || !directory) {
  console.error(`minio stand-in: only 'server <dir>' is reproduced, not '${process.argv.slice(2).join(' ')}'`);
  process.exit(2);
}

const user = process.env.MINIO_ROOT_USER;
const password = process.env.MINIO_ROOT_PASSWORD;
if (!user || !password) {
  console.error('minio stand-in: MINIO_ROOT_USER and MINIO_ROOT_PASSWORD must be set');
  process.exit(2);
}

// Only the root credentials are accepted, as by MinIO; s3rver's built-in S3RVER key is revoked.
AWSAccount.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
AWSAccount.DUMMY_ACCOUNT.createKeyPair(user, password);

// Path-style buckets only, as MinIO without MINIO_DOMAIN: the host name is never taken for a bucket.
const store = new S3rver({ directory, silent: true, vhostBuckets: false });
const s3 = store.callback();
const server = http.createServer((request, response) => {
  if (request.url === '/minio/health/live') {
    response.writeHead(200);
    response.end();
    return;
  }
  s3(request, response);
});
server.listen(9000, '0.0.0.0', () => console.log(`minio stand-in (s3rver) serving ${directory} on :9000`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
