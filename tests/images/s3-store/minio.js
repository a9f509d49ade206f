// The stand-in's entrypoint: `minio server <dir>` as the official MinIO image runs it, served by s3rver
// behind a small front on port 9000 that does what s3rver does not (see build).
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

// Only the root user's access key is accepted; s3rver's built-in S3RVER key is revoked.
AWSAccount.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
AWSAccount.DUMMY_ACCOUNT.createKeyPair(user, password);

const backendPort = 9001;
// Path-style buckets only, as MinIO without MINIO_DOMAIN: the host name is never taken for a bucket.
const s3 = new S3rver({ directory, silent: true, vhostBuckets: false, address: '127.0.0.1', port: backendPort });

// A body sent with streaming SigV4 (aws-chunked, as S3 clients do over plain HTTP) framed as
// "<hex size>;chunk-signature=<sig>\r\n<data>\r\n" ... "0;chunk-signature=<sig>\r\n\r\n": the data alone.
function decodeChunks(body) {
  const parts = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd < 0) throw new Error('aws-chunked body without a chunk header');
    const size = parseInt(body.toString('latin1', at, lineEnd).split(';')[0], 16);
    if (!Number.isFinite(size)) throw new Error('aws-chunked body with a bad chunk size');
    if (size === 0) return Buffer.concat(parts);
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

function forward(request, response, headers, body) {
  const upstream = http.request({ host: '127.0.0.1', port: backendPort, method: request.method, path: request.url, headers }, answer => {
    response.writeHead(answer.statusCode, answer.headers);
    answer.pipe(response);
  });
  upstream.on('error', error => {
    response.writeHead(502);
    response.end(String(error));
  });
  if (body) upstream.end(body);
  else request.pipe(upstream);
}

const front = http.createServer((request, response) => {
  if (request.url === '/minio/health/live') {
    response.writeHead(200);
    response.end();
    return;
  }
  if (request.headers['x-amz-content-sha256'] !== 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD') {
    forward(request, response, request.headers);
    return;
  }
  const parts = [];
  request.on('data', part => parts.push(part));
  request.on('end', () => {
    let body;
    try {
      body = decodeChunks(Buffer.concat(parts));
    } catch (error) {
      response.writeHead(400);
      response.end(String(error));
      return;
    }
    const headers = { ...request.headers, 'content-length': String(body.length), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
    delete headers['x-amz-decoded-content-length'];
    delete headers['transfer-encoding'];
    if (headers['content-encoding'] === 'aws-chunked') delete headers['content-encoding'];
    forward(request, response, headers, body);
  });
});

s3.run().then(() => {
  front.listen(9000, '0.0.0.0', () => console.log(`minio stand-in (s3rver) serving ${directory} on :9000`));
});
process.on('SIGTERM', () => front.close(() => s3.close().then(() => process.exit(0))));
