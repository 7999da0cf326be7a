import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import pg from 'pg';
import { AccessKeySecretCipher } from '../../src/auth/access-key.js';
import { Authenticator } from '../../src/auth/authenticator.js';
import { SigV4Verifier, type SignedRequest } from '../../src/aws/auth/sigv4.verifier.js';
import { bootApp, type BootedApp } from '../support/app.js';
import { createApiKey, graphqlAs, type CreatedTestApiKey } from '../support/auth.js';
import { waitFor } from '../support/wait.js';

jest.setTimeout(60_000);

const BODY = '{}';

/** A ListActivities call signed with `credentials` by @smithy/signature-v4, as it reaches the server. */
async function signedCall(credentials: {
  accessKeyId: string;
  secretAccessKey: string;
}): Promise<{ request: SignedRequest; authorization: string }> {
  const signer = new SignatureV4({ service: 'states', region: 'us-east-1', credentials, sha256: Sha256 });
  const result = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    path: '/',
    query: {},
    headers: {
      host: '127.0.0.1',
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'AWSStepFunctions.ListActivities',
    },
    body: BODY,
  });
  return {
    request: { method: 'POST', path: '/', query: {}, headers: result.headers, body: Buffer.from(BODY) },
    authorization: result.headers.authorization!,
  };
}

describe('API keys access key pairs, verified against the database', () => {
  let booted: BootedApp;
  let db: pg.Client;
  let authenticator: Authenticator;
  let verifier: SigV4Verifier;
  let key: CreatedTestApiKey;

  beforeAll(async () => {
    booted = await bootApp();
    db = new pg.Client({ connectionString: booted.database.url });
    await db.connect();
    authenticator = booted.app.get(Authenticator);
    verifier = new SigV4Verifier((id, matches) => authenticator.authenticateSigned(id, matches), {
      region: 'us-east-1',
    });
    key = await createApiKey(booted.url, booted.adminToken, 'operator');
  });

  afterAll(async () => {
    await db?.end();
    await booted?.close();
  });

  it('creates a key with an access key id and a secret shown once, the secret stored only encrypted', async () => {
    expect(key.accessKeyId).toMatch(/^SGAK[A-Z2-7]{16}$/);
    expect(key.secretAccessKey).toHaveLength(40);
    const [row] = (
      await db.query<{ access_key_id: string; secret_access_key_encrypted: Buffer }>(
        'SELECT access_key_id, secret_access_key_encrypted FROM api_keys WHERE id = $1',
        [key.id],
      )
    ).rows;
    expect(row!.access_key_id).toBe(key.accessKeyId);
    expect(row!.secret_access_key_encrypted.includes(Buffer.from(key.secretAccessKey))).toBe(false);

    const listed = await graphqlAs(booted.url, booted.adminToken, '{ apiKeys { id accessKeyId } }');
    expect(listed.data!.apiKeys).toContainEqual({ id: key.id, accessKeyId: key.accessKeyId });
    expect(JSON.stringify(listed)).not.toContain(key.secretAccessKey);
  });

  it('gives a signed request the same principal as the bearer form of the key, and records its use', async () => {
    await db.query('UPDATE api_keys SET last_used_at = NULL WHERE id = $1', [key.id]);
    const { request, authorization } = await signedCall(key);
    const signed = await verifier.verify(request, authorization);
    const bearer = await authenticator.authenticate(`Bearer ${key.key}`);
    expect(signed).toEqual({ principal: bearer });
    expect(bearer).toMatchObject({ kind: 'apiKey', id: key.id, role: 'operator' });
    // The use is recorded after the answer, without holding it up.
    await waitFor(
      async () =>
        (await db.query('SELECT last_used_at FROM api_keys WHERE id = $1', [key.id])).rows[0].last_used_at !==
        null,
      { timeoutMs: 10_000, what: 'last_used_at of the signing key' },
    );
  });

  it('refuses a wrong secret as InvalidSignatureException without recording a use', async () => {
    const other = await createApiKey(booted.url, booted.adminToken, 'viewer');
    const { request, authorization } = await signedCall({
      accessKeyId: other.accessKeyId,
      secretAccessKey: key.secretAccessKey,
    });
    expect(await verifier.verify(request, authorization)).toMatchObject({
      refusal: { code: 'InvalidSignatureException' },
    });
    const [row] = (await db.query('SELECT last_used_at FROM api_keys WHERE id = $1', [other.id])).rows;
    expect(row.last_used_at).toBeNull();
  });

  it('refuses a revoked key in both forms: UnrecognizedClientException for its signed requests', async () => {
    const doomed = await createApiKey(booted.url, booted.adminToken, 'worker');
    const { request, authorization } = await signedCall(doomed);
    expect(await verifier.verify(request, authorization)).toMatchObject({ principal: { id: doomed.id } });

    const revoked = await graphqlAs(
      booted.url,
      booted.adminToken,
      'mutation ($id: ID!) { revokeApiKey(id: $id) }',
      {
        id: doomed.id,
      },
    );
    expect(revoked.data).toEqual({ revokeApiKey: true });
    const again = await signedCall(doomed);
    expect(await verifier.verify(again.request, again.authorization)).toEqual({
      refusal: {
        code: 'UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
        status: 400,
      },
    });
    await expect(authenticator.authenticate(`Bearer ${doomed.key}`)).rejects.toThrow(/Invalid or revoked/);
  });

  it('keeps a key made before access keys working as a bearer key, with no pair to sign with', async () => {
    const legacy = await createApiKey(booted.url, booted.adminToken, 'worker');
    // As the migration leaves a key created before it: neither access key column.
    await db.query(
      'UPDATE api_keys SET access_key_id = NULL, secret_access_key_encrypted = NULL WHERE id = $1',
      [legacy.id],
    );
    expect(await authenticator.authenticate(`Bearer ${legacy.key}`)).toMatchObject({ id: legacy.id });
    const { request, authorization } = await signedCall(legacy);
    expect(await verifier.verify(request, authorization)).toMatchObject({
      refusal: { code: 'UnrecognizedClientException' },
    });
    const listed = await graphqlAs(booted.url, booted.adminToken, '{ apiKeys { id accessKeyId } }');
    expect(listed.data!.apiKeys).toContainEqual({ id: legacy.id, accessKeyId: null });
  });

  it('answers UnrecognizedClientException for a secret sealed under another JWT secret', async () => {
    const moved = await createApiKey(booted.url, booted.adminToken, 'worker');
    // As if JWT_SECRET had been rotated since: the same secret, sealed under a key this server lacks.
    await db.query('UPDATE api_keys SET secret_access_key_encrypted = $2 WHERE id = $1', [
      moved.id,
      new AccessKeySecretCipher('a JWT secret this server does not have').seal(moved.secretAccessKey),
    ]);
    const orphaned = await signedCall(moved);
    expect(await verifier.verify(orphaned.request, orphaned.authorization)).toMatchObject({
      refusal: { code: 'UnrecognizedClientException' },
    });
  });
});
