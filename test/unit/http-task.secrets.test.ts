import { maskHttpTaskParameters, REDACTED } from '../../src/asl/tasks/sensitive-fields.js';
import { redactSecrets, secretForms, secretsInJson } from '../../src/engine/tasks/http/http-task.secrets.js';

describe('HTTP Task secret masking', () => {
  it('masks a bearer token and the token alone', () => {
    const secrets = secretForms('Bearer abc.def.ghi');
    expect(redactSecrets('got "Bearer abc.def.ghi"; token abc.def.ghi', secrets)).toBe(
      `got "${REDACTED}"; token ${REDACTED}`,
    );
  });

  it('masks a secret echoed URL-encoded or escaped in JSON', () => {
    const secrets = ['p@ss "word"/1'];
    const echoed = `url=${encodeURIComponent(secrets[0]!)} json=${JSON.stringify(secrets[0])}`;
    expect(redactSecrets(echoed, secrets)).toBe(`url=${REDACTED} json="${REDACTED}"`);
  });

  it('finds secrets under sensitive names anywhere in a body, and only there', () => {
    const body = {
      client_secret: 'one-secret',
      nested: [{ apiKey: 'two-secret' }],
      note: 'not-secret',
      n: 1,
    };
    expect(secretsInJson(body)).toEqual(['one-secret', 'two-secret']);
  });

  it('leaves values too short to matter alone', () => {
    expect(secretForms('abc')).toEqual([]);
  });

  it('masks credential headers, query parameters and Authentication in the parameters history shows', () => {
    const parameters = {
      ApiEndpoint: 'https://api.example.com',
      Headers: { Authorization: 'Bearer s3cr3t', 'Content-Type': 'application/json' },
      QueryParameters: { api_key: 'k3y', page: '2' },
      Authentication: { ConnectionArn: 'arn:x' },
    };
    expect(maskHttpTaskParameters(parameters)).toEqual({
      ApiEndpoint: 'https://api.example.com',
      Headers: { Authorization: REDACTED, 'Content-Type': 'application/json' },
      QueryParameters: { api_key: REDACTED, page: '2' },
      Authentication: REDACTED,
    });
    expect(parameters.Headers.Authorization).toBe('Bearer s3cr3t');
  });
});
